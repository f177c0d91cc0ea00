// Runs before the page is painted (a plain, blocking script in <head>; the CSP allows
// only scripts from this server, so it cannot be inline): the page starts in the theme
// the user chose, not in light for a moment. The same rules as src/lib/theme.ts, which
// takes over once the app has loaded; the key is its THEME_KEY.
(function () {
  var choice = null;
  try {
    choice = localStorage.getItem('tether.theme');
  } catch {
    // Storage disabled: follow the system.
  }
  var dark = choice === 'dark' || (choice !== 'light' && !!window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  // The code blocks' highlight.js theme (the <link>s above this script in index.html).
  document.querySelectorAll('link[data-code-theme]').forEach(function (link) {
    link.media = link.getAttribute('data-code-theme') === (dark ? 'dark' : 'light') ? 'all' : 'not all';
  });
})();
