// JagaNagari simulator page: one chat per simulated phone, kept current by
// the server-sent events of /events. Messages arrive in the Bot API's own
// JSON (text + entities, reply_markup, photo, document, ...).
"use strict";

(function () {
  const phonesEl = document.getElementById("phones");
  const tabsEl = document.getElementById("tabs");
  const connEl = document.getElementById("conn");
  const tpl = document.getElementById("phone-tpl");

  // id -> {phone, el, tab, msgs: Map(message_id -> message), keyboard}
  const phones = new Map();
  let active = null; // the phone shown on narrow screens

  // ---------- API ----------

  async function post(path, body) {
    const opts = { method: "POST", headers: {} };
    if (body instanceof FormData) {
      opts.body = body;
    } else if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(path, opts);
    let data = {};
    try { data = await res.json(); } catch (e) { /* empty answer */ }
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  function act(p, path, body) {
    return post("/api/phones/" + p.phone.id + "/" + path, body).catch((err) => toast(p, "Gagal: " + err.message));
  }

  // ---------- Phones ----------

  function kindOf(role) {
    const r = (role || "").toLowerCase();
    if (r.includes("admin")) return "admin";
    if (r.includes("petugas")) return "petugas";
    return "pekerja";
  }

  function initials(name) {
    const words = name.replace(/^(ibu|pak|bapak|bu)\s+/i, "").split(/\s+/).filter(Boolean);
    return ((words[0] || "?")[0] + (words[1] ? words[1][0] : "")).toUpperCase();
  }

  function ensurePhone(phone) {
    let p = phones.get(phone.id);
    if (p) {
      p.phone = phone;
      return p;
    }
    const el = tpl.content.firstElementChild.cloneNode(true);
    el.dataset.phone = String(phone.id);
    el.dataset.kind = kindOf(phone.role);
    el.id = "phone-" + phone.id;
    el.querySelector(".avatar").textContent = initials(phone.name);
    el.querySelector(".name").textContent = phone.name;
    el.querySelector(".role").textContent = phone.role + " · " + phone.phone;
    el.querySelector(".role").title = phone.role + " · " + phone.phone;

    const tab = document.createElement("button");
    tab.type = "button";
    tab.className = "tab";
    tab.setAttribute("role", "tab");
    tab.dataset.phone = String(phone.id);
    tab.textContent = phone.name;
    tab.addEventListener("click", () => activate(phone.id));

    p = { phone, el, tab, msgs: new Map(), keyboard: null, typingTimer: 0, toastTimer: 0 };
    phones.set(phone.id, p);
    wirePhone(p);
    phonesEl.appendChild(el);
    tabsEl.appendChild(tab);
    if (active === null) activate(phone.id);
    return p;
  }

  function activate(id) {
    active = id;
    for (const [pid, p] of phones) {
      const on = pid === id;
      p.el.classList.toggle("active", on);
      p.tab.setAttribute("aria-selected", on ? "true" : "false");
      if (on) {
        p.tab.classList.remove("unread");
        scrollDown(p, true);
      }
    }
  }

  function wirePhone(p) {
    const el = p.el;
    const input = el.querySelector(".composer .text");
    el.querySelector(".composer").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      act(p, "text", { text });
    });
    el.querySelector(".start").addEventListener("click", () => act(p, "text", { text: "/start" }));
    el.querySelector(".loc").addEventListener("click", () => act(p, "location"));
    const file = el.querySelector(".attach input");
    file.addEventListener("change", () => {
      if (!file.files.length) return;
      const form = new FormData();
      form.append("photo", file.files[0]);
      form.append("caption", input.value.trim());
      input.value = "";
      file.value = "";
      act(p, "photo", form);
    });
  }

  // ---------- Rendering ----------

  function esc(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  // formatText renders Telegram text with its entities. Offsets count
  // UTF-16 code units, as JavaScript strings do.
  function formatText(text, entities) {
    const ents = (entities || []).slice().sort((a, b) => a.offset - b.offset || b.length - a.length);
    const opens = new Map();
    for (const e of ents) {
      if (!opens.has(e.offset)) opens.set(e.offset, []);
      opens.get(e.offset).push(e);
    }
    const stack = [];
    let out = "";
    for (let i = 0; i <= text.length; i++) {
      while (stack.length && stack[stack.length - 1].offset + stack[stack.length - 1].length <= i) {
        out += closeTag(stack.pop());
      }
      if (i === text.length) break;
      for (const e of opens.get(i) || []) {
        out += openTag(e, text.substr(e.offset, e.length));
        stack.push(e);
      }
      out += esc(text[i]);
    }
    while (stack.length) out += closeTag(stack.pop());
    return out;
  }

  function openTag(e, word) {
    switch (e.type) {
      case "bold": return "<b>";
      case "italic": return "<i>";
      case "underline": return "<u>";
      case "strikethrough": return "<s>";
      case "code": return "<code>";
      case "pre": return "<pre>";
      case "blockquote": case "expandable_blockquote": return "<blockquote>";
      case "spoiler": return '<span class="spoiler">';
      case "text_link": return '<a target="_blank" rel="noopener" href="' + esc(safeURL(e.url)) + '">';
      case "url": return '<a target="_blank" rel="noopener" href="' + esc(safeURL(word)) + '">';
      case "bot_command": return '<span class="cmd" data-cmd="' + esc(word) + '">';
      default: return "<span>";
    }
  }

  function closeTag(e) {
    switch (e.type) {
      case "bold": return "</b>";
      case "italic": return "</i>";
      case "underline": return "</u>";
      case "strikethrough": return "</s>";
      case "code": return "</code>";
      case "pre": return "</pre>";
      case "blockquote": case "expandable_blockquote": return "</blockquote>";
      case "text_link": case "url": return "</a>";
      default: return "</span>";
    }
  }

  function safeURL(u) {
    u = u || "";
    if (!/^[a-z][a-z0-9+.-]*:/i.test(u)) u = "http://" + u;
    return /^(https?|tg|mailto):/i.test(u) ? u : "#";
  }

  function fmtSize(n) {
    if (!n) return "";
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return (n / 1024).toFixed(0) + " KB";
    return (n / 1024 / 1024).toFixed(1) + " MB";
  }

  function fmtTime(unix) {
    const d = new Date(unix * 1000);
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  const icons = {
    doc: '<svg viewBox="0 0 24 24"><path d="M6 3h8l4 4v14H6z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M9 13h6M9 17h6" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>',
    pin: '<svg viewBox="0 0 24 24"><path d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21Z" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="12" cy="9.5" r="2.5" fill="currentColor"/></svg>',
    phone: '<svg viewBox="0 0 24 24"><path d="M7 3h4l1 5-2.5 1.5a11 11 0 0 0 5 5L16 12l5 1v4a2 2 0 0 1-2 2A16 16 0 0 1 5 5a2 2 0 0 1 2-2Z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>',
    media: '<svg viewBox="0 0 24 24"><circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" stroke-width="2"/><path d="M10 9l5 3-5 3z" fill="currentColor"/></svg>',
  };

  function card(icon, title, sub, extra) {
    return '<div class="card"><span class="icon">' + icons[icon] + '</span><span class="lines"><b>' + esc(title) +
      "</b><small>" + esc(sub) + "</small></span>" + (extra || "") + "</div>";
  }

  function bodyHTML(m) {
    let html = "";
    if (m.photo && m.photo.length) {
      const big = m.photo[m.photo.length - 1];
      html += '<div class="photo"><img alt="Foto" loading="lazy" src="/api/files/' + encodeURIComponent(big.file_id) + '"></div>';
    }
    if (m.document) {
      const d = m.document;
      const name = d.file_name || "berkas";
      const href = "/api/files/" + encodeURIComponent(d.file_id) + "?name=" + encodeURIComponent(name);
      html += card("doc", name, fmtSize(d.file_size), '<a class="download" href="' + esc(href) + '" download="' + esc(name) + '">Unduh</a>');
    }
    if (m.location) {
      html += card("pin", "Lokasi", m.location.latitude.toFixed(5) + ", " + m.location.longitude.toFixed(5));
    }
    if (m.contact) {
      const c = m.contact;
      html += card("phone", [c.first_name, c.last_name].filter(Boolean).join(" ") || "Kontak", c.phone_number);
    }
    if (m.sticker) html += '<div class="text">' + esc(m.sticker.emoji || "") + " (stiker)</div>";
    if (m.voice) html += card("media", "Pesan suara", (m.voice.duration || 0) + " detik");
    if (m.audio) html += card("media", m.audio.title || "Audio", (m.audio.duration || 0) + " detik");
    if (m.video) html += card("media", "Video", (m.video.duration || 0) + " detik");
    if (m.text) html += '<div class="text">' + formatText(m.text, m.entities) + "</div>";
    if (m.caption) html += '<div class="text">' + formatText(m.caption, m.caption_entities) + "</div>";
    if (!html) html = '<div class="text"><i>(pesan)</i></div>';
    html += '<span class="meta">' + (m.edit_date ? "diedit " : "") + fmtTime(m.edit_date || m.date) + "</span>";
    return html;
  }

  function renderMessage(p, m) {
    let el = p.el.querySelector('.msg[data-id="' + m.message_id + '"]');
    if (m.deleted) {
      if (el) el.remove();
      return;
    }
    const fresh = !el;
    if (fresh) {
      el = document.createElement("div");
      el.dataset.id = String(m.message_id);
    }
    el.className = "msg " + (m.from_bot ? "bot" : "me");
    el.innerHTML = '<div class="bubble">' + bodyHTML(m) + "</div>";
    const kb = m.reply_markup && m.reply_markup.inline_keyboard;
    if (kb && kb.length) el.appendChild(inlineKeyboard(p, m, kb));
    if (fresh) insertInOrder(p, el, m.message_id);
  }

  function insertInOrder(p, el, id) {
    const list = p.el.querySelector(".msgs");
    let before = null;
    for (let c = list.lastElementChild; c; c = c.previousElementSibling) {
      if (Number(c.dataset.id) < id) break;
      before = c;
    }
    list.insertBefore(el, before);
  }

  function inlineKeyboard(p, m, rows) {
    const box = document.createElement("div");
    box.className = "ikb-rows";
    for (const row of rows) {
      const r = document.createElement("div");
      r.className = "ikb-row";
      for (const b of row) {
        let btn;
        if (b.url) {
          btn = document.createElement("a");
          btn.href = safeURL(b.url);
          btn.target = "_blank";
          btn.rel = "noopener";
        } else {
          btn = document.createElement("button");
          btn.type = "button";
          btn.addEventListener("click", () => {
            btn.classList.add("busy");
            act(p, "press", { message_id: m.message_id, data: b.callback_data || "" }).finally(() => btn.classList.remove("busy"));
          });
        }
        btn.className = "ikb";
        btn.textContent = b.text;
        r.appendChild(btn);
      }
      box.appendChild(r);
    }
    return box;
  }

  function renderKeyboard(p) {
    const box = p.el.querySelector(".reply-kb");
    box.textContent = "";
    const kb = p.keyboard;
    if (!kb || !kb.keyboard || !kb.keyboard.length) {
      box.hidden = true;
      return;
    }
    for (const row of kb.keyboard) {
      const r = document.createElement("div");
      r.className = "rkb-row";
      for (const b of row) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.className = "rkb" + (b.request_contact ? " contact" : "") + (b.request_location ? " location" : "");
        btn.textContent = b.text;
        btn.addEventListener("click", () => act(p, "key", { text: b.text }));
        r.appendChild(btn);
      }
      box.appendChild(r);
    }
    box.hidden = false;
  }

  function nearBottom(p) {
    const c = p.el.querySelector(".chat");
    return c.scrollHeight - c.scrollTop - c.clientHeight < 120;
  }

  function scrollDown(p, force) {
    const c = p.el.querySelector(".chat");
    if (force || p.stick) c.scrollTop = c.scrollHeight;
  }

  function setChat(p, view) {
    p.msgs.clear();
    p.el.querySelector(".msgs").textContent = "";
    for (const m of view.messages) {
      p.msgs.set(m.message_id, m);
      renderMessage(p, m);
    }
    p.keyboard = view.keyboard || null;
    renderKeyboard(p);
    updateEmpty(p);
    scrollDown(p, true);
  }

  function updateEmpty(p) {
    let any = false;
    for (const m of p.msgs.values()) {
      if (!m.deleted) { any = true; break; }
    }
    p.el.classList.toggle("has-msgs", any);
  }

  function toast(p, text) {
    const t = p.el.querySelector(".toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(p.toastTimer);
    p.toastTimer = setTimeout(() => { t.hidden = true; }, 3500);
  }

  function typing(p, on) {
    const t = p.el.querySelector(".typing");
    t.hidden = !on;
    clearTimeout(p.typingTimer);
    if (on) p.typingTimer = setTimeout(() => { t.hidden = true; }, 5000);
  }

  // ---------- Events ----------

  function applyPhones(list) {
    for (const ph of list) ensurePhone(ph);
  }

  function onEvent(ev) {
    switch (ev.type) {
      case "snapshot":
        applyPhones(ev.phones || []);
        for (const view of ev.chats || []) setChat(ensurePhone(view.phone), view);
        break;
      case "phones":
        for (const ph of ev.phones || []) {
          if (!phones.has(ph.id)) {
            const p = ensurePhone(ph);
            fetch("/api/phones/" + ph.id + "/chat").then((r) => r.json()).then((view) => setChat(p, view));
          }
        }
        break;
      case "message":
      case "edit":
      case "delete": {
        const p = phones.get(ev.chat_id);
        if (!p) return;
        p.stick = nearBottom(p) || !ev.message.from_bot;
        p.msgs.set(ev.message.message_id, ev.message);
        renderMessage(p, ev.message);
        p.keyboard = ev.keyboard || null;
        renderKeyboard(p);
        updateEmpty(p);
        if (ev.type === "message" && ev.message.from_bot) {
          typing(p, false);
          if (active !== p.phone.id) p.tab.classList.add("unread");
        }
        scrollDown(p, false);
        break;
      }
      case "callback_answer": {
        const p = phones.get(ev.chat_id);
        if (p && ev.callback && ev.callback.text) toast(p, ev.callback.text);
        break;
      }
      case "chat_action": {
        const p = phones.get(ev.chat_id);
        if (p) typing(p, ev.action === "typing");
        break;
      }
    }
  }

  function connect() {
    const es = new EventSource("/events");
    es.onopen = () => {
      connEl.dataset.state = "open";
      connEl.textContent = "Terhubung";
    };
    es.onerror = () => {
      connEl.dataset.state = "closed";
      connEl.textContent = "Terputus, menyambung lagi…";
    };
    es.onmessage = (e) => onEvent(JSON.parse(e.data));
  }

  // Tapping a /command in a message sends it, as in Telegram.
  phonesEl.addEventListener("click", (e) => {
    const cmd = e.target.closest(".cmd");
    if (!cmd) return;
    const p = phones.get(Number(cmd.closest(".phone").dataset.phone));
    if (p) act(p, "text", { text: cmd.dataset.cmd });
  });

  // ---------- Add a phone ----------

  const dialog = document.getElementById("add-dialog");
  const form = document.getElementById("add-form");
  const formError = document.getElementById("add-error");
  document.getElementById("add-open").addEventListener("click", () => {
    formError.textContent = "";
    form.reset();
    dialog.showModal();
  });
  document.getElementById("add-cancel").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      const ph = await post("/api/phones", data);
      dialog.close();
      const p = ensurePhone(ph);
      activate(ph.id);
      p.el.scrollIntoView({ behavior: "smooth", inline: "end" });
    } catch (err) {
      formError.textContent = err.message;
    }
  });

  connect();
})();
