// communs serve: live reload. Injected in served pages only, never in the
// files `communs build` writes. It listens to the server's events:
//   hello   {instance, gen, errors}  on each connection
//   reload  {gen, all, paths}        pages rebuilt: reload if this one is
//   css     {gen, paths}             stylesheets changed: swap them
//   errors  {gen, errors}            the last rebuild failed: show them
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var instance = me.getAttribute("data-instance");
  var gen = parseInt(me.getAttribute("data-gen"), 10) || 0;
  var events = me.getAttribute("data-events");
  var here = normal(location.pathname);

  function normal(p) {
    try { p = decodeURI(p); } catch (e) {}
    return p.replace(/index\.html$/, "");
  }

  function mine(paths) {
    for (var i = 0; i < (paths || []).length; i++) {
      if (normal(paths[i]) === here) return true;
    }
    return false;
  }

  function showErrors(errors) {
    var old = document.getElementById("communs-overlay");
    if (old) old.parentNode.removeChild(old);
    if (!errors || !errors.length) return;
    var box = document.createElement("div");
    box.id = "communs-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
      "margin:0;padding:1em 1.5em;background:#fff0f0;color:#600;border-top:4px solid #c00;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.25)";
    var h = document.createElement("p");
    h.style.cssText = "margin:0 0 .5em;font-weight:bold";
    h.textContent = "communs: the last rebuild failed, this is the previous version of the site (" + errors.length + " error" + (errors.length > 1 ? "s" : "") + ")";
    box.appendChild(h);
    var ul = document.createElement("ul");
    ul.style.cssText = "margin:0;padding:0 0 0 1.2em";
    errors.forEach(function (d) {
      var li = document.createElement("li");
      li.className = "communs-error";
      var where = d.file ? d.file + (d.line ? ":" + d.line : "") + ": " : "";
      li.textContent = where + d.message;
      ul.appendChild(li);
    });
    box.appendChild(ul);
    document.body.appendChild(box);
  }

  function swapCSS(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var l = links[i];
      var u = new URL(l.getAttribute("href"), location.href);
      var hit = !paths || !paths.length;
      for (var j = 0; j < (paths || []).length; j++) {
        if (u.pathname === paths[j]) hit = true;
      }
      if (!hit) continue;
      u.searchParams.set("communs", String(Date.now()));
      var n = l.cloneNode();
      n.href = u.pathname + u.search;
      n.onload = (function (old) { return function () { if (old.parentNode) old.parentNode.removeChild(old); }; })(l);
      l.parentNode.insertBefore(n, l.nextSibling);
    }
  }

  function data(e) {
    try { return JSON.parse(e.data); } catch (x) { return {}; }
  }

  function connect() {
    var es = new EventSource(events);
    es.addEventListener("hello", function (e) {
      var d = data(e);
      // A restarted server, or rebuilds missed while away: reload.
      if (d.instance !== instance || d.gen > gen) { location.reload(); return; }
      showErrors(d.errors);
    });
    es.addEventListener("reload", function (e) {
      var d = data(e);
      if (d.all || mine(d.paths)) { location.reload(); return; }
      gen = d.gen;
      showErrors(null);
    });
    es.addEventListener("css", function (e) {
      var d = data(e);
      gen = d.gen;
      swapCSS(d.paths);
      showErrors(null);
    });
    es.addEventListener("errors", function (e) {
      showErrors(data(e).errors);
    });
    es.onerror = function () {
      // The browser retries by itself unless the stream is closed for good.
      if (es.readyState === 2) {
        es.close();
        setTimeout(connect, 1000);
      }
    };
  }
  connect();
})();
