/* Material's inline script for content tabs, as a file (see material-scope.js). */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) { target.checked = target.name.startsWith("__tabbed_"); }
})();
