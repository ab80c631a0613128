/* Hook for offline saving (issue 5): register the service worker here.
   Kept apart from player.js so that feature can be added or removed on its own. */
(function () {
  "use strict";
}());
