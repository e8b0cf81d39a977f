/* The trainer's simulated phone: lists each number's texts and turns their links into links. */
"use strict";

(function () {
  const phones = document.getElementById("phones");
  // The run's phone key, from the address's fragment (the workstation opens /phone#KEY); out of the bar at once.
  const key = location.hash.slice(1);
  history.replaceState(null, "", location.pathname);

  /* The text with its web addresses as links, built from text nodes only (no HTML from the server). */
  function body(text) {
    const paragraph = document.createElement("p");
    text.split(/(https?:\/\/\S+)/).forEach((part, index) => {
      if (index % 2 === 1) {
        const anchor = document.createElement("a");
        anchor.href = part;
        anchor.textContent = part;
        paragraph.appendChild(anchor);
      } else {
        paragraph.appendChild(document.createTextNode(part));
      }
    });
    return paragraph;
  }

  function draw(list) {
    document.getElementById("empty").hidden = list.length > 0;
    phones.replaceChildren(...list.map((phone) => {
      const section = document.createElement("section");
      section.className = "phone";
      section.dataset.number = phone.number;
      const heading = document.createElement("h2");
      heading.textContent = phone.number;
      section.appendChild(heading);
      const texts = document.createElement("ul");
      texts.className = "uploads";
      phone.texts.forEach((text) => {
        const item = document.createElement("li");
        item.appendChild(body(text.body));
        const meta = document.createElement("p");
        meta.className = "note";
        meta.textContent = `${text.sent_at} · ${text.status}`;
        item.appendChild(meta);
        texts.appendChild(item);
      });
      section.appendChild(texts);
      return section;
    }));
  }

  let shown = "";
  async function refresh() {
    try {
      const response = await fetch("/phone/messages", { cache: "no-store", headers: { Authorization: `Bearer ${key}` } });
      const data = await response.json();
      const fingerprint = JSON.stringify(data.phones);
      if (fingerprint !== shown) { shown = fingerprint; draw(data.phones); }
    } catch (e) { /* the service may be restarting; try again shortly */ }
    setTimeout(refresh, 1500);
  }
  refresh();
})();
