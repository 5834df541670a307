// The supervisor live board: calls in progress the supervisor may watch, their open compliance
// risks and prompts, escalation alerts with Acknowledge / Route, and the transcript tail (what the
// engine hears). Snapshot first, then live events; ids already on screen are dropped.
'use strict';
(function () {
  var TOKEN_KEY = 'teachback.token';
  var TAIL = 8;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var calls = {};
  var seen = {};

  (function takeToken() {
    var hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    var t = hash.get('access_token') || hash.get('token');
    if (t) {
      sessionStorage.setItem(TOKEN_KEY, t);
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  })();
  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') n.textContent = attrs[k];
      else n.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) n.appendChild(c);
    });
    return n;
  }
  function clock(ms) {
    var s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function act(callId, body) {
    return fetch('/v1/live/calls/' + encodeURIComponent(callId) + '/actions', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (res) {
      $('status').hidden = false;
      $('status').textContent = res.ok
        ? 'Recorded: ' + body.action + '.'
        : 'That did not go through (HTTP ' + res.status + ').';
      return res.ok;
    });
  }

  function callView(c) {
    var v = calls[c.callId];
    if (v) return v;
    var risks = el('ul', { class: 'prompts', 'aria-label': 'Open risks and alerts' });
    var tail = el('ol', { class: 'tail', 'aria-label': 'Transcript tail' });
    var section = el(
      'article',
      { class: 'board-call', 'data-call-id': c.callId, 'aria-label': 'Call ' + c.callId },
      [
        el('h2', { text: 'Agent ' + c.agentId + (c.teamId ? ' · ' + c.teamId : '') }),
        el('p', {
          class: 'note',
          text:
            'Call ' +
            c.callId +
            (c.startedAt ? ' · since ' + new Date(c.startedAt).toLocaleTimeString() : ''),
        }),
        el('h3', { text: 'Open risks and alerts' }),
        risks,
        el('details', {}, [el('summary', { text: 'Transcript tail (what the engine hears)' }), tail]),
      ],
    );
    $('calls').appendChild(section);
    v = calls[c.callId] = { call: c, section: section, risks: risks, tail: tail, acted: {} };
    return v;
  }

  function addRisk(v, e) {
    if (e.kind === 'clear') {
      Array.prototype.slice.call(v.risks.children).forEach(function (li) {
        if (li.getAttribute('data-event-id') === e.clears) li.remove();
      });
      return;
    }
    if (v.acted[e.id]) return;
    var li = el('li', { class: 'prompt sev-' + e.severity, 'data-event-id': e.id, 'data-kind': e.kind }, [
      el('strong', {
        text: (e.severity === 'safety' ? '⚠ ' : '') + e.title + ' · ' + e.kind.replace(/_/g, ' '),
      }),
      el('p', { text: e.text }),
      el('p', { class: 'note', text: 'at ' + clock(e.at.offsetMs) + ' · for the ' + e.audience }),
    ]);
    if (e.audience === 'supervisor') {
      var row = el('div', { class: 'prompt-actions' });
      var ack = el('button', {
        type: 'button',
        text: 'Acknowledge',
        'aria-label': 'Acknowledge: ' + e.title,
      });
      ack.addEventListener('click', function () {
        ack.disabled = true;
        act(v.call.callId, { eventId: e.id, action: 'acknowledged' }).then(function (ok) {
          if (ok) li.remove();
          else ack.disabled = false;
        });
      });
      var target = el('input', {
        type: 'text',
        'aria-label': 'Route to',
        placeholder: 'clinical line, 988…',
      });
      var route = el('button', { type: 'button', text: 'Route', 'aria-label': 'Route: ' + e.title });
      route.addEventListener('click', function () {
        var to = target.value.trim();
        if (!to) {
          target.focus();
          return;
        }
        route.disabled = true;
        act(v.call.callId, { eventId: e.id, action: 'routed', routedTo: to }).then(function (ok) {
          if (ok) li.remove();
          else route.disabled = false;
        });
      });
      row.appendChild(ack);
      row.appendChild(target);
      row.appendChild(route);
      li.appendChild(row);
      if (e.severity === 'safety')
        $('alerts').textContent = 'Alert on call ' + v.call.callId + ': ' + e.title;
    }
    v.risks.appendChild(li);
  }

  function addUtterance(v, u) {
    v.tail.appendChild(
      el('li', {}, [
        el('span', { text: clock(u.offsetMs) + ' ' + u.speaker + ': ' }),
        el('span', { text: u.text }),
      ]),
    );
    while (v.tail.children.length > TAIL) v.tail.firstChild.remove();
  }

  function onEvent(type, id, data) {
    if (type === 'snapshot') {
      data.calls.forEach(function (s) {
        var v = callView(s.call);
        s.actions.forEach(function (a) {
          if (a.eventId) v.acted[a.eventId] = true;
        });
        s.open.forEach(function (e) {
          if (seen[e.id]) return;
          seen[e.id] = true;
          addRisk(v, e);
        });
        s.tail.forEach(function (u) {
          var k = 'u:' + s.call.callId + ':' + u.id;
          if (seen[k]) return;
          seen[k] = true;
          addUtterance(v, u);
        });
      });
      return;
    }
    if (seen[id]) return;
    seen[id] = true;
    if (type === 'call') {
      if (data.state === 'ended') {
        var gone = calls[data.callId];
        if (gone) gone.section.remove();
        delete calls[data.callId];
      } else callView(data);
      return;
    }
    var v = calls[data.callId] || callView({ callId: data.callId, agentId: data.agentId || '?' });
    if (type === 'event') addRisk(v, data);
    else if (type === 'utterance') addUtterance(v, data);
    else if (type === 'action' && data.eventId) {
      v.acted[data.eventId] = true;
      Array.prototype.slice.call(v.risks.children).forEach(function (li) {
        if (li.getAttribute('data-event-id') === data.eventId) li.remove();
      });
    }
  }

  function start() {
    if (!token()) {
      $('sign-in').hidden = false;
      $('status').textContent = 'Sign in to watch live calls.';
      return;
    }
    $('sign-in').hidden = true;
    $('status').textContent = '';
    $('status').hidden = true;
    $('board').hidden = false;
    window.teachbackStream('/v1/live/board/events', token, {
      onOpen: function () {},
      onLost: function () {
        $('status').hidden = false;
        $('status').textContent = 'Reconnecting…';
      },
      onRefused: function (status) {
        $('board').hidden = true;
        $('status').hidden = false;
        $('status').textContent =
          status === 401 ? 'Your session has ended. Sign in again.' : 'The live board is for supervisors.';
      },
      onEvent: onEvent,
    });
  }
  $('sign-in').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var t = $('token').value.trim();
    if (!t) return;
    sessionStorage.setItem(TOKEN_KEY, t);
    start();
  });
  start();
})();
