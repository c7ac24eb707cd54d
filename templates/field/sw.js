/* Pantau Bantuan field app service worker (Workbox, served from this app, never a CDN).
   Precaches the app shell's files by content revision; the shell page itself is network
   first, answered from the cache with no connection (the page adds itself after sign-in). */
importScripts({{ workbox_url|tojson }});
workbox.setConfig({ modulePathPrefix: {{ workbox_prefix|tojson }}, debug: false });
workbox.core.setCacheNameDetails({ prefix: "pantau-field" });
workbox.core.skipWaiting();
workbox.core.clientsClaim();

workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute({{ precache|tojson }});

var SCOPE = {{ scope|tojson }};
workbox.routing.registerRoute(
  function (options) {
    return options.request.mode === "navigate" && options.url.pathname === SCOPE;
  },
  new workbox.strategies.NetworkFirst({
    cacheName: "field-shell",
    networkTimeoutSeconds: 5,
    plugins: [
      new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
      // A sign-in page met on the way (expired session) must not replace the shell.
      { cacheWillUpdate: function (options) {
          return options.response.redirected ? null : options.response; } }
    ]
  })
);
