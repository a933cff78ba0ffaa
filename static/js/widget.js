/*
 * Smart Cities Südwestfalen – events widget for a town's own website.
 *
 *   <div data-konferenzen-widget data-place="soest" data-lang="de"></div>
 *   <script src="https://<this site>/static/js/widget.js" defer></script>
 *
 * Options (data-*): place, municipality, project, kind, format, year (filters as
 * on the public list), lang ("de" or "en"), limit (default 5), heading (level of
 * the heading, 2 to 6, default 2). The script reads the public API of the site it
 * is loaded from, sends no cookies, sets none and asks no one else; it builds
 * plain DOM (no inline script or style), so the host page's CSP only needs this
 * site in script-src and connect-src. Style it with the konferenzen-widget classes.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : window.location.origin;

  var TEXT = {
    de: {
      heading: "Veranstaltungen",
      loading: "Veranstaltungen werden geladen …",
      empty: "Zurzeit sind keine Veranstaltungen angekündigt.",
      failed: "Die Veranstaltungen konnten nicht geladen werden.",
      register: "Zur Anmeldung",
      cancelled: "abgesagt",
      online: "online",
    },
    en: {
      heading: "Events",
      loading: "Loading events …",
      empty: "No events are announced at the moment.",
      failed: "The events could not be loaded.",
      register: "Register",
      cancelled: "cancelled",
      online: "online",
    },
  };
  var FILTERS = ["place", "municipality", "project", "kind", "format", "year"];

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = "konferenzen-widget__" + className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function apiUrl(options, lang) {
    var url = new URL("/api/v1/events/", origin);
    url.searchParams.set("when", "upcoming");
    url.searchParams.set("lang", lang);
    url.searchParams.set("page_size", options.limit || "5");
    FILTERS.forEach(function (name) {
      if (options[name]) url.searchParams.set(name, options[name]);
    });
    return url;
  }

  function renderEvent(event, lang, text) {
    var item = element("li", "event");
    var title = element("a", "title", event.full_title);
    title.href = event.url;
    item.appendChild(title);
    var facts = element("p", "facts");
    var when = element("time", "date");
    when.dateTime = event.start;
    when.textContent = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "de-DE", {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: "Europe/Berlin",
    }).format(new Date(event.start));
    facts.appendChild(when);
    var where = event.venue ? event.venue.city : text.online;
    facts.appendChild(document.createTextNode(", " + where));
    if (event.status === "cancelled") {
      facts.appendChild(document.createTextNode(" (" + text.cancelled + ")"));
    }
    item.appendChild(facts);
    if (event.registration_url) {
      var register = element("a", "register", text.register);
      register.href = event.registration_url;
      // A link's name must say where it leads on its own, also in a list of many.
      register.setAttribute("aria-label", text.register + ": " + event.full_title);
      item.appendChild(register);
    }
    return item;
  }

  function mount(container) {
    var options = container.dataset;
    var lang = options.lang === "en" ? "en" : "de";
    var text = TEXT[lang];
    var level = Math.min(Math.max(parseInt(options.heading || "2", 10) || 2, 2), 6);
    container.classList.add("konferenzen-widget");
    container.setAttribute("lang", lang);
    container.textContent = "";
    var heading = element("h" + level, "heading", text.heading);
    var status = element("p", "status", text.loading);
    status.setAttribute("role", "status");
    container.appendChild(heading);
    container.appendChild(status);

    fetch(apiUrl(options, lang), { credentials: "omit", mode: "cors" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (page) {
        if (!page.results.length) {
          status.textContent = text.empty;
          return;
        }
        var list = element("ul", "list");
        page.results.forEach(function (event) {
          list.appendChild(renderEvent(event, lang, text));
        });
        container.appendChild(list);
        status.textContent = "";
        status.classList.add("konferenzen-widget__status--done");
      })
      .catch(function () {
        status.textContent = text.failed;
      });
  }

  function start() {
    document.querySelectorAll("[data-konferenzen-widget]").forEach(mount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
