// The agent's live mode: /widget/?mode=live&callId=<the platform's call id>. Prompt cards appear
// while the call happens and leave when the engine clears them (the agent did the thing). At most
// one non-safety prompt is on screen; safety cards (emergency protocols) always show and cannot be
// dismissed. Non-safety prompts can be dismissed, or muted for the rest of the call. Each prompt is
// reported back as shown / dismissed / muted so its usefulness can be measured.
'use strict';
(function () {
  var q = new URLSearchParams(window.location.search);
  if (q.get('mode') !== 'live') return;
  var TOKEN_KEY = 'teachback.token';
  var callId = q.get('callId') || q.get('externalId') || q.get('conversationId');
  var $ = function (id) {
    return document.getElementById(id);
  };
  var seen = {};
  var muted = {};
  var stream = null;

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }
  function state(text) {
    $('live-state').textContent = text;
  }
  function base() {
    return '/v1/live/calls/' + encodeURIComponent(callId);
  }
  function report(eventId, outcome) {
    return fetch(base() + '/prompts/' + encodeURIComponent(eventId) + '/outcome', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: outcome }),
    }).catch(function () {
      return null;
    });
  }
  function cards() {
    return Array.prototype.slice.call($('prompts').children);
  }
  function remove(eventId) {
    cards().forEach(function (c) {
      if (c.getAttribute('data-event-id') === eventId) c.remove();
    });
    if (!cards().length) state('Listening. No prompts right now.');
  }
  function button(text, label, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  }

  function show(e) {
    if (e.kind === 'clear') {
      if (e.clears) remove(e.clears);
      return;
    }
    if (e.audience !== 'agent' || muted[e.kind]) return;
    var safety = e.severity === 'safety';
    if (!safety) {
      // One non-safety prompt at a time: a newer one replaces the one on screen.
      cards().forEach(function (c) {
        if (c.getAttribute('data-severity') !== 'safety') c.remove();
      });
    }
    var li = document.createElement('li');
    li.className = 'prompt sev-' + e.severity;
    li.setAttribute('data-event-id', e.id);
    li.setAttribute('data-kind', e.kind);
    li.setAttribute('data-severity', e.severity);
    // Safety cards interrupt the screen reader; others wait their turn.
    li.setAttribute('role', safety ? 'alert' : 'status');
    var title = document.createElement('strong');
    title.textContent = (safety ? '⚠ ' : '') + e.title;
    var text = document.createElement('p');
    text.textContent = e.text;
    li.appendChild(title);
    li.appendChild(text);
    if (!safety) {
      var row = document.createElement('div');
      row.className = 'prompt-actions';
      row.appendChild(
        button('Dismiss', 'Dismiss: ' + e.title, function () {
          remove(e.id);
          report(e.id, 'dismissed');
        }),
      );
      row.appendChild(
        button('Mute for this call', 'Mute prompts like this for this call: ' + e.title, function () {
          muted[e.kind] = true;
          cards().forEach(function (c) {
            if (c.getAttribute('data-kind') === e.kind) c.remove();
          });
          report(e.id, 'muted');
          if (!cards().length) state('Listening. No prompts right now.');
        }),
      );
      li.appendChild(row);
    }
    if (safety) $('prompts').insertBefore(li, $('prompts').firstChild);
    else $('prompts').appendChild(li);
    state('');
    report(e.id, 'shown');
  }

  function start() {
    if (!token()) {
      $('sign-in').hidden = false;
      $('status').textContent = 'Sign in to get live guidance for this call.';
      return;
    }
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    $('status').textContent = '';
    $('status').hidden = true;
    $('live').hidden = false;
    state('Connecting…');
    if (stream) stream.stop();
    stream = window.teachbackStream(base() + '/events', token, {
      onOpen: function () {
        state(cards().length ? '' : 'Listening. No prompts right now.');
      },
      onLost: function () {
        state('Reconnecting…');
      },
      onRefused: function (status) {
        $('live').hidden = true;
        if (status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          $('sign-in').hidden = false;
        }
        $('status').hidden = false;
        $('status').textContent =
          status === 401 ? 'Your session has ended. Sign in again.' : 'This call is not available to you.';
      },
      onEvent: function (type, id, data) {
        if (type === 'hello') {
          if (data.state === 'ended') state('This call has ended.');
          return;
        }
        if (type === 'call' && data.state === 'ended') {
          state('The call has ended.');
          return;
        }
        if (type !== 'event' || seen[id]) return;
        seen[id] = true;
        show(data);
      },
    });
  }

  if (!callId) {
    $('status').textContent = 'No call given: open live mode with ?mode=live&callId=<call id>.';
    return;
  }
  document.title = 'Teachback – live guidance';
  window.addEventListener('teachback:signed-in', start);
  start();
})();
