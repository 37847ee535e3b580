// While a run goes, the Sync page fetches its progress block every 2 s and swaps it in; when the run has ended the
// page is loaded again so the button and the run's status are current. No build step, no library.
(function () {
  function poll() {
    var block = document.getElementById('progress');
    if (!block || block.getAttribute('data-running') !== 'true') {
      return;
    }
    setTimeout(function () {
      fetch(block.getAttribute('data-poll'), {headers: {'X-Requested-With': 'fetch'}, credentials: 'same-origin'})
        .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, 'text/html').getElementById('progress');
          if (!next) { return; }
          if (next.getAttribute('data-running') !== 'true') {
            window.location.reload();
            return;
          }
          block.replaceWith(next);
          poll();
        })
        .catch(function () { poll(); });
    }, 2000);
  }
  document.addEventListener('DOMContentLoaded', poll);
})();
