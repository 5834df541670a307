// The agent widget: one interaction's score, criteria with evidence, escalations and coaching
// notes. Plain script (no framework) so any desktop can iframe it: Genesys interaction widget,
// Five9 CRM panel, Salesforce tab or LWC iframe.
//
// Which interaction: ?platform=genesys&externalId={{gcConversationId}} or ?interaction=<id>.
// Who is asking: a bearer token from the URL fragment (#access_token=..., as an OIDC implicit
// redirect returns it; never sent to the server in the URL and removed from the address bar at
// once), else the one kept for this tab, else a sign-in form.
'use strict';
(function () {
  var TOKEN_KEY = 'teachback.token';
  var $ = function (id) {
    return document.getElementById(id);
  };

  function takeToken() {
    var hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    var fromHash = hash.get('access_token') || hash.get('token');
    if (fromHash) {
      sessionStorage.setItem(TOKEN_KEY, fromHash);
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function clock(ms) {
    if (ms === null || ms === undefined) return null;
    var s = Math.floor(ms / 1000);
    var m = Math.floor(s / 60);
    var rest = String(s % 60).padStart(2, '0');
    return m + ':' + rest;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(c);
    });
    return node;
  }

  function timeEl(ms) {
    var label = clock(ms);
    if (label === null) return null;
    return el('time', { datetime: 'PT' + Math.floor(ms / 1000) + 'S', text: label });
  }

  var STATUS_TEXT = { met: '✓ Met', missed: '✗ Missed', not_applicable: '– Not applicable' };
  var ESCALATION_TEXT = {
    medical_emergency: 'Medical emergency',
    mental_health_crisis: 'Mental health crisis',
    abusive_caller: 'Abusive caller',
  };

  function setStatus(text) {
    $('status').textContent = text;
    $('status').hidden = !text;
  }

  function showSignIn(message) {
    $('card').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    setStatus(message);
    $('token').focus();
  }

  function renderCriterion(f) {
    var head = el('div', { class: 'criterion-head' }, [
      el('strong', { text: f.title }),
      el('span', { class: 'status status-' + f.status, text: STATUS_TEXT[f.status] || f.status }),
    ]);
    var tags = el('div', { class: 'tags', text: f.category + ' · ' + f.severity });
    var li = el('li', { 'data-criterion': f.criterionId, 'data-status': f.status }, [head, tags]);
    if (f.explanation) li.appendChild(el('p', { class: 'note', text: f.explanation }));
    if (f.evidence && f.evidence.length) {
      var list = el(
        'ul',
        { class: 'plain' },
        f.evidence.map(function (ev) {
          return el('li', {}, [
            timeEl(ev.startMs),
            el('span', { text: ' ' + ev.speaker }),
            el('blockquote', { text: ev.quote }),
          ]);
        }),
      );
      li.appendChild(
        el('details', {}, [el('summary', { text: 'Evidence (' + f.evidence.length + ')' }), list]),
      );
    }
    return li;
  }

  var DONE = { acknowledged: true, resolved: true, dismissed: true };

  function renderEscalation(e, interactionId) {
    var actions = e.actions || [];
    var handled = actions.some(function (a) {
      return DONE[a.action];
    });
    var li = el('li', { 'data-escalation': e.type }, [
      el('strong', { text: (ESCALATION_TEXT[e.type] || e.type) + ' · ' + e.severity }),
      el('div', {}, [timeEl(e.startMs)]),
      e.quote ? el('blockquote', { text: e.quote }) : null,
      e.routedTo ? el('p', { class: 'note', text: 'Routed to ' + e.routedTo }) : null,
    ]);
    if (actions.length) {
      li.appendChild(
        el(
          'ul',
          { class: 'actions', 'aria-label': 'What happened' },
          actions.map(function (a) {
            var when = new Date(a.at);
            return el('li', {}, [
              el('span', { text: a.action + (a.by ? ' by ' + a.by : '') + ' · ' }),
              el('time', { datetime: a.at, text: isNaN(when) ? a.at : when.toLocaleString() }),
            ]);
          }),
        ),
      );
    }
    if (!handled) {
      var button = el('button', { type: 'button', text: 'Acknowledge' });
      button.addEventListener('click', function () {
        button.disabled = true;
        send(
          '/v1/interactions/' + encodeURIComponent(interactionId) + '/escalations/' + e.index + '/actions',
          { action: 'acknowledged' },
        ).then(function (ok) {
          if (ok) {
            setStatus('Escalation acknowledged.');
            load(true);
          } else button.disabled = false;
        });
      });
      li.appendChild(button);
    }
    return li;
  }

  function renderCoaching(n) {
    // Notes usually open with their own "At 2:34"; a separate time would repeat it.
    var spoken = /^At \d+:\d{2}/.test(n.text);
    return el('li', {}, [spoken ? null : timeEl(n.atMs), el('span', { text: (spoken ? '' : ' ') + n.text })]);
  }

  function fill(listId, items, render, emptyText) {
    var list = $(listId);
    list.replaceChildren();
    if (!items.length) list.appendChild(el('li', { class: 'note', text: emptyText }));
    items.forEach(function (i) {
      list.appendChild(render(i));
    });
  }

  function render(detail, keepStatus) {
    var card = detail.scorecard;
    var deid = detail.deidentifiedScorecard;
    var summary = detail.summary;
    $('meta').textContent =
      summary.platform + ' ' + summary.channel + ' · ' + new Date(summary.occurredAt).toLocaleString();
    if (!card && !deid) {
      $('score').textContent = '—';
      $('compliance').textContent = 'Not scored yet';
      $('compliance').className = 'badge';
    } else {
      var c = card || deid;
      $('score').textContent = String(Math.round(c.score));
      $('compliance').textContent = c.compliant ? 'Compliant' : 'Not compliant';
      $('compliance').className = 'badge ' + (c.compliant ? 'pass' : 'fail');
    }
    $('review').hidden = !(card && card.needsReview);
    $('review').textContent = card && card.needsReview ? 'Flagged for human review.' : '';
    var findings = card ? card.findings : deid ? deid.findings : [];
    fill('criteria', findings, renderCriterion, 'No criteria.');
    // A role that may not read escalations (an admin) still learns that there are some: "None."
    // would tell them a call with a crisis on it was quiet.
    var shown = detail.escalations || [];
    var withheld = summary.escalationCount - shown.length;
    fill(
      'escalations',
      shown,
      function (e) {
        return renderEscalation(e, summary.id);
      },
      withheld > 0
        ? withheld +
            (withheld === 1 ? ' escalation' : ' escalations') +
            ' on this call; your role cannot open them.'
        : 'None.',
    );
    fill('coaching', detail.coaching || [], renderCoaching, 'None.');
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    $('card').hidden = false;
    if (!keepStatus) setStatus('');
  }

  function send(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        if (!res.ok) setStatus('That did not go through (HTTP ' + res.status + ').');
        return res.ok;
      })
      .catch(function () {
        setStatus('Teachback is unreachable right now.');
        return false;
      });
  }

  function target() {
    var q = new URLSearchParams(window.location.search);
    var id = q.get('interaction');
    if (id) return '/v1/interactions/' + encodeURIComponent(id);
    var platform = q.get('platform');
    var ext = q.get('externalId') || q.get('conversationId');
    if (platform && ext)
      return '/v1/interactions/by-source/' + encodeURIComponent(platform) + '/' + encodeURIComponent(ext);
    return null;
  }

  function load(keepStatus) {
    var path = target();
    if (!path) {
      setStatus('No interaction given: open this page with ?interaction=<id> or ?platform=…&externalId=….');
      return;
    }
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      showSignIn('Sign in to see this interaction.');
      return;
    }
    if (!keepStatus) setStatus('Loading…');
    fetch(path, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          showSignIn('Your session has ended. Sign in again.');
          return null;
        }
        if (res.status === 403 || res.status === 404) {
          $('card').hidden = true;
          setStatus('This interaction is not available to you.');
          return null;
        }
        if (!res.ok) {
          setStatus('Teachback could not load this interaction (HTTP ' + res.status + ').');
          return null;
        }
        return res.json();
      })
      .then(function (detail) {
        if (detail) render(detail, keepStatus);
      })
      .catch(function () {
        setStatus('Teachback is unreachable right now.');
      });
  }

  $('sign-in').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var value = $('token').value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    // Live mode (live.js) listens for this and opens the call's stream instead.
    if (LIVE_MODE) window.dispatchEvent(new Event('teachback:signed-in'));
    else load();
  });
  $('sign-out').addEventListener('click', function () {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn('Signed out.');
  });

  var LIVE_MODE = new URLSearchParams(window.location.search).get('mode') === 'live';
  takeToken();
  if (!LIVE_MODE) load();
})();
