/* Material's storage helpers, which its templates write as an inline script. As a file they
   satisfy a Content-Security-Policy without 'unsafe-inline'. The scope is the site's root,
   which is two folders above this file (assets/javascripts/). */
__md_scope = new URL("../..", document.currentScript.src);
__md_hash = function (e) { return [...e].reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0); };
__md_get = function (e, store, scope) {
  store = store || localStorage; scope = scope || __md_scope;
  return JSON.parse(store.getItem(scope.pathname + "." + e));
};
__md_set = function (e, value, store, scope) {
  store = store || localStorage; scope = scope || __md_scope;
  try { store.setItem(scope.pathname + "." + e, JSON.stringify(value)); } catch (error) { /* storage full or off */ }
};
