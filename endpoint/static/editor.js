// The query editor. Without scripts the form submits to /sparql: the first format is this page with
// the answer as a table drawn by the server, the others the raw answer. With this script the query
// runs in the page and the address bar keeps a link to it; with the vendored YASGUI bundle (make
// assets) the text box becomes YASQE (highlighting, prefix completion) and the results YASR.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query");
  var formatSelect = document.getElementById("format");
  var results = document.getElementById("results");
  var statusLine = document.getElementById("results-status");
  var body = document.getElementById("results-body");
  var served = document.getElementById("server-results");  // the server's table of a query link
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var Yasgui = window.Yasgui;
  var yasqe = null;
  var yasr = null;
  var SELECT_RESULTS = "application/sparql-results+json";

  function message(key, fields) {
    return config.messages[key].replace(/\{(\w+)\}/g, function (_, name) { return fields[name]; });
  }

  // This dataset's IRIs open their page here (/doc/..., /ontology#...); other IRIs stay as they are.
  function localHref(iri) {
    for (var i = 0; i < config.links.length; i++) {
      var prefix = config.links[i][0];
      if (iri.indexOf(prefix) === 0 && iri.length > prefix.length) {
        return config.links[i][1] + iri.slice(prefix.length);
      }
    }
    return iri;
  }

  function getQuery() { return yasqe ? yasqe.getValue() : textarea.value; }

  function setQuery(text) {
    textarea.value = text;
    if (yasqe) { yasqe.setValue(text); }
  }

  // --- YASQE and YASR, when the bundle is there -------------------------------------------------

  function setUpYasgui() {
    var Yasqe = Yasgui.Yasqe;
    var Yasr = Yasgui.Yasr;
    var ours = Object.keys(config.prefixes).sort().map(function (name) {
      return name + ": <" + config.prefixes[name] + ">";
    });
    // Prefix completion offers the project's prefixes first, then YASQE's bundled list. The class
    // and property completers ask a web service (LOV), so they stay off: the editor works offline.
    var bundled = Yasqe.Autocompleters.prefixes;
    Yasqe.registerAutocompleter(Object.assign({}, bundled, {
      persistenceId: null,
      get: function (editor) {
        return bundled.get(editor).then(function (list) {
          return ours.concat(list.filter(function (entry) { return ours.indexOf(entry) < 0; }));
        });
      }
    }));
    Yasqe.defaults.autocompleters = ["prefixes", "variables"];

    var holder = document.createElement("div");
    holder.id = "query-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.hidden = true;
    yasqe = new Yasqe(holder, {
      value: textarea.value,
      persistenceId: null,          // each visit starts from the page's query, not a stored one
      consumeShareLink: null,
      showQueryButton: false,       // the form's own Run button runs it, with the chosen format
      resizeable: true,
      editorHeight: "22rem",
      screenReaderLabel: config.messages.editor_label,
      inputStyle: "contenteditable"  // the text itself is focusable, as screen readers expect
    });
    var keys = Object.assign({}, yasqe.getOption("extraKeys"), {
      "Ctrl-Enter": run, "Cmd-Enter": run,
      Esc: function () { formatSelect.focus(); }   // a keyboard way out of the editor
    });
    yasqe.setOption("extraKeys", keys);
    yasqe.getInputField().setAttribute("aria-describedby", "editor-keys");
    yasqe.on("change", function () { textarea.value = yasqe.getValue(); });
    document.getElementById("query-label").addEventListener("click", function () { yasqe.focus(); });

    // Result IRIs of this dataset link to their pages here, in the same tab.
    var Table = Yasr.plugins.table;
    var iriLink = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      var template = document.createElement("template");
      template.innerHTML = iriLink.call(this, binding, prefixes);
      template.content.querySelectorAll("a[href]").forEach(function (a) {
        a.setAttribute("href", localHref(a.getAttribute("href")));
        a.removeAttribute("target");
        a.removeAttribute("rel");
      });
      return template.innerHTML;
    };
    var holderResults = document.createElement("div");
    holderResults.id = "yasr";
    body.appendChild(holderResults);
    yasr = new Yasr(holderResults, {
      persistenceId: null,
      prefixes: config.prefixes,
      pluginOrder: ["table", "response"],
      defaultPlugin: "table",
      // Whole cells: a cut-off cell hides its link under the "…" marker.
      plugins: { table: { dynamicConfig: { isEllipsed: false } } }
    });
    yasr.on("drawn", labelControls);
    if (served) { yasr.rootEl.hidden = true; }  // until the next run replaces the server's table
  }

  // YASR draws a few controls of its own without names; give them one for screen readers.
  function labelControls() {
    results.querySelectorAll("input, select, button").forEach(function (control) {
      var named = control.getAttribute("aria-label") || control.labels.length ||
        (control.tagName === "BUTTON" && control.textContent.trim());
      if (!named) {
        var before = control.previousElementSibling;
        var name = control.getAttribute("title") || control.getAttribute("placeholder") ||
          (before && before.textContent.replace(/:\s*$/, "").trim()) || control.name;
        if (name) { control.setAttribute("aria-label", name); }
      }
    });
  }

  // --- without YASR: a plain table ----------------------------------------------------------------

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = document.createElement("a");
      a.textContent = term.value;
      a.href = localHref(term.value);
      td.appendChild(a);
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

  function raw(text) {
    var pre = document.createElement("pre");
    pre.textContent = text;
    return pre;
  }

  // --- running a query --------------------------------------------------------------------------

  function show(status, node) {
    results.hidden = false;
    statusLine.textContent = status;
    body.querySelectorAll(".plain").forEach(function (old) { old.remove(); });
    if (yasr) { yasr.rootEl.hidden = !!node; }
    if (node) {
      node.classList.add("plain");
      body.appendChild(node);
    }
  }

  function summary(type, text) {
    if (type !== SELECT_RESULTS) { return type; }
    var data = JSON.parse(text);
    if (typeof data.boolean === "boolean") { return message("boolean_answer", { value: String(data.boolean) }); }
    var n = data.results.bindings.length;
    return n === 1 ? config.messages.rows_one : message("rows", { n: n });
  }

  function render(response, text, milliseconds) {
    var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (!response.ok) {
      show(config.messages.query_failed + " (" + response.status + ")", raw(text));
      return;
    }
    if (!yasr) {
      var data = type === SELECT_RESULTS ? JSON.parse(text) : null;
      var node = data && data.results ? table(data) : raw(text);
      show(summary(type, text), data && !data.results ? null : node);
      return;
    }
    show(summary(type, text));
    yasr.setResponse({ data: text, contentType: type, status: response.status, executionTime: Math.round(milliseconds) });
    // JSON results read best as a table; a format chosen on purpose is shown as it came.
    var wanted = type === SELECT_RESULTS ? (yasr.results.getBoolean() === undefined ? "table" : "boolean") : "response";
    if (yasr.selectedPlugin !== wanted) { yasr.selectPlugin(wanted); }
  }

  // The address of this query, as a link others can open (its answer: a table in this page).
  function keepLink() {
    var params = new URLSearchParams({ query: getQuery() });
    var lang = form.querySelector("input[name=lang]");
    if (lang) { params.set("lang", lang.value); }
    history.replaceState(null, "", form.action + "?" + params.toString());
  }

  function run() {
    var option = formatSelect.options[formatSelect.selectedIndex];
    var started = performance.now();
    show(config.messages.running);
    keepLink();
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": option.dataset.mediaType + ", text/turtle;q=0.5",
                 "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: getQuery() })
    }).then(function (response) {
      return response.text().then(function (text) { render(response, text, performance.now() - started); });
    }).catch(function (error) {
      show(config.messages.query_failed + ": " + error);
    });
  }

  if (Yasgui && Yasgui.Yasqe) { setUpYasgui(); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  // Once there are results, another format re-runs the query in that format.
  formatSelect.addEventListener("change", function () {
    if (!results.hidden) { run(); }
  });
  // The examples load in place (one click), and the address bar keeps a link to the chosen one.
  document.querySelectorAll("a[data-example]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var text = config.examples[link.dataset.example];
      if (!text) { return; }
      event.preventDefault();
      setQuery(text);
      document.querySelectorAll("a[data-example]").forEach(function (other) { other.removeAttribute("aria-current"); });
      link.setAttribute("aria-current", "true");
      history.replaceState(null, "", link.href);
    });
  });
}());
