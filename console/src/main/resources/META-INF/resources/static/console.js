// Live feed: the hub page's feed section subscribes to the console's relay of the notifications stream. Items are
// written with textContent only (never as HTML), announced to screen readers, and get a CSRF-protected "Mark read".
(function () {
  'use strict';
  var section = document.getElementById('feed');
  if (!section || !window.EventSource) { return; }
  var list = document.getElementById('feed-items');
  var badge = section.querySelector('.live');
  var announce = document.getElementById('feed-announce');
  var csrfName = document.querySelector('meta[name="csrf-parameter"]').content;
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var hub = section.getAttribute('data-hub');

  function text(item) {
    if (item.text) { return item.text; }
    var reasons = (item.reasons || []).join(' '); // each reason is a sentence
    var score = typeof item.score === 'number' ? ' (' + Math.round(item.score * 100) + '%)' : '';
    return (item.partnerName || '') + score + (reasons ? ': ' + reasons : '');
  }

  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function two(n) { return (n < 10 ? '0' : '') + n; }
  // The same form as the server's (UTC, "25 Nov 2026, 08:46 UTC"): coordinators sit in many time zones.
  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return iso || ''; }
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear() + ', '
        + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ' UTC';
  }

  function add(item) {
    if (!list || list.querySelector('li[data-id="' + item.id + '"]')) { return; } // a resumed stream repeats nothing
    var li = document.createElement('li');
    li.className = 'unread fresh';
    li.setAttribute('data-id', String(item.id));
    var time = document.createElement('time');
    time.textContent = when(item.createdAt);
    var span = document.createElement('span');
    span.className = 'feed-text';
    span.textContent = text(item);
    var form = document.createElement('form');
    form.method = 'post';
    form.className = 'inline';
    form.action = '/hubs/' + encodeURIComponent(hub) + '/notifications/' + encodeURIComponent(item.id) + '/read';
    var token = document.createElement('input');
    token.type = 'hidden'; token.name = csrfName; token.value = csrfToken;
    var button = document.createElement('button');
    button.textContent = 'Mark read';
    form.appendChild(token); form.appendChild(button);
    li.appendChild(time); li.appendChild(span); li.appendChild(form);
    list.insertBefore(li, list.firstChild);
    var empty = document.getElementById('feed-empty');
    if (empty) { empty.remove(); }
    if (announce) { announce.textContent = 'New in the feed: ' + span.textContent; }
  }

  var newest = 0;
  if (list) { list.querySelectorAll('li[data-id]').forEach(function (li) { newest = Math.max(newest, Number(li.getAttribute('data-id'))); }); }
  var source = new EventSource(section.getAttribute('data-stream') + (newest > 0 ? '?lastEventId=' + newest : ''));
  source.addEventListener('notification', function (event) {
    try { add(JSON.parse(event.data)); } catch (e) { /* an unreadable item is skipped, the next ones still show */ }
  });
  source.onopen = function () { if (badge) { badge.classList.remove('off'); badge.textContent = 'live'; } };
  source.onerror = function () { if (badge) { badge.classList.add('off'); badge.textContent = 'reconnecting'; } };
})();
