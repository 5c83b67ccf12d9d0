// The query editor: loads examples into the textarea and runs queries in the page.
// Without this script the forms still work: they load examples and submit to /sparql.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var picker = document.getElementById("example");
  var textarea = document.getElementById("query");
  var formatSelect = document.getElementById("format");
  var results = document.getElementById("results");
  var statusLine = document.getElementById("results-status");
  var body = document.getElementById("results-body");
  var texts = JSON.parse(document.getElementById("example-texts").textContent);
  var idPrefix = form.dataset.idPrefix;
  var docPath = form.dataset.docPath;

  // Choosing an example fills the editor at once; the Load button is for readers without scripts.
  document.getElementById("load-example").hidden = true;
  picker.addEventListener("change", function () {
    if (texts[picker.value]) {
      textarea.value = texts[picker.value];
      var description = document.getElementById("example-description");
      if (description) { description.hidden = true; }
    }
  });

  // An IRI of this dataset links to its page here; other IRIs link to themselves.
  function iriLink(iri) {
    var a = document.createElement("a");
    a.textContent = iri;
    a.href = iri.indexOf(idPrefix) === 0 ? docPath + iri.slice(idPrefix.length) : iri;
    return a;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      td.appendChild(iriLink(term.value));
    } else {
      var span = document.createElement("span");
      span.textContent = term.value;
      if (term["xml:lang"]) { span.lang = term["xml:lang"]; }
      td.appendChild(span);
    }
    return td;
  }

  function table(data) {
    var vars = data.head.vars || [];
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    vars.forEach(function (name) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    });
    var tbody = t.createTBody();
    data.results.bindings.forEach(function (binding) {
      var row = tbody.insertRow();
      vars.forEach(function (name) { row.appendChild(cell(binding[name])); });
    });
    return t;
  }

  function show(message, node) {
    results.hidden = false;
    statusLine.textContent = message;
    body.replaceChildren();
    if (node) { body.appendChild(node); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var option = formatSelect.options[formatSelect.selectedIndex];
    var accept = option.dataset.mediaType + ", text/turtle;q=0.5";
    show("…");
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": accept, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: textarea.value })
    }).then(function (response) {
      return response.text().then(function (text) {
        var type = (response.headers.get("Content-Type") || "").split(";")[0];
        if (!response.ok) {
          var pre = document.createElement("pre");
          pre.textContent = text;
          show(response.status + " " + response.statusText, pre);
        } else if (type === "application/sparql-results+json") {
          var data = JSON.parse(text);
          if (typeof data.boolean === "boolean") {
            show(String(data.boolean));
          } else {
            show(data.results.bindings.length + " ×", table(data));
          }
        } else {
          var raw = document.createElement("pre");
          raw.textContent = text;
          show(type, raw);
        }
      });
    }).catch(function (error) {
      show(String(error));
    });
  });
}());
