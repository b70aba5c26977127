// The public pages without the round trip: choosing a province fills the district list
// (and so on down to the village) from /join/places, and the "show" buttons go away.
// Everything works without this file; it only saves the phone a page load per list.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var lang = document.documentElement.lang || "km";
  // Each list and the lists below it, emptied when it changes.
  var chains = [
    ["f-province", "f-district", "f-commune", "f-village"],
    ["f-province_code", "f-district_code"]
  ];
  function fill(select, places) {
    var first = select.options[0];
    select.innerHTML = "";
    select.appendChild(first);
    places.forEach(function (p) {
      var o = document.createElement("option");
      o.value = p[0];
      o.textContent = p[1];
      select.appendChild(o);
    });
    select.disabled = places.length === 0;
  }
  function load(parent, select) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/join/places?lang=" + encodeURIComponent(lang) +
      "&parent=" + encodeURIComponent(parent));
    // Should the list not come, the "show" buttons come back and the form still works.
    xhr.onerror = function () { document.documentElement.classList.remove("js"); };
    xhr.onload = function () {
      if (xhr.status !== 200) { xhr.onerror(); return; }
      try { fill(select, JSON.parse(xhr.responseText).places || []); } catch (e) { /* keep */ }
    };
    xhr.send();
  }
  chains.forEach(function (ids) {
    var lists = ids.map(function (id) { return document.getElementById(id); });
    if (!lists[0]) { return; }
    lists.forEach(function (list, i) {
      var next = lists[i + 1];
      if (!next) { return; }
      list.addEventListener("change", function () {
        for (var j = i + 1; j < lists.length; j++) { fill(lists[j], []); }
        if (list.value) { load(list.value, next); }
      });
    });
  });
})();
