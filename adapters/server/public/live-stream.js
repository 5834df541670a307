// Reads a Server-Sent Events stream with fetch, so the bearer token travels in a header (an
// EventSource cannot send one, and a token in the URL would reach logs). Reconnects with a short
// backoff; the caller drops events it already has by id. Shared by the agent's live mode and the
// supervisor board.
'use strict';
window.teachbackStream = function (path, token, handlers) {
  var stopped = false;
  var delay = 500;
  function parse(block) {
    var f = {};
    block.split('\n').forEach(function (line) {
      if (line.charAt(0) === ':') return;
      var i = line.indexOf(': ');
      if (i > 0) f[line.slice(0, i)] = line.slice(i + 2);
    });
    if (!f.event) return;
    var data = null;
    try {
      data = JSON.parse(f.data || 'null');
    } catch (e) {
      return;
    }
    handlers.onEvent(f.event, f.id || '', data);
  }
  function connect() {
    if (stopped) return;
    fetch(path, { headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' } })
      .then(function (res) {
        if (res.status === 401 || res.status === 403 || res.status === 404) {
          stopped = true;
          handlers.onRefused(res.status);
          return;
        }
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        delay = 500;
        handlers.onOpen();
        var reader = res.body.getReader();
        var decoder = new TextDecoder();
        var buf = '';
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) throw new Error('closed');
            buf += decoder.decode(r.value, { stream: true });
            var i;
            while ((i = buf.indexOf('\n\n')) >= 0) {
              parse(buf.slice(0, i));
              buf = buf.slice(i + 2);
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        if (stopped) return;
        handlers.onLost();
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      });
  }
  connect();
  return {
    stop: function () {
      stopped = true;
    },
  };
};
