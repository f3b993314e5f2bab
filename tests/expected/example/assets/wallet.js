/* Wallet actions on a passport (templates/partials/wallet.html, credsite/wallet.py).
   Without this file every card still offers its Open Badge file and VerifierPlus.
   To each current credential (a .pp-wallet list with data-wallet) it adds two buttons, a QR
   panel and a status line, copied from the page's <template id="pp-wallet-controls">
   (their text is translated there):
   - "Show QR code for a wallet": the credential's address as a QR code, drawn here with
     Nayuki's QR Code generator (assets/vendor/qrcodegen.js, fetched on the first click);
     the Learner Credential Wallet scans it and downloads the credential from that address.
   - "Download badge image (PNG)": the badge PNG with the credential baked in, Open Badges 3.0
     style: one uncompressed iTXt chunk with the keyword "openbadgecredential" whose text is
     the credential file exactly as published, placed right after IHDR (extractors read the
     first such chunk and may stop there). Made here from the credential file and the PNG
     badge it names, so the site publishes no extra bytes. */
(function () {
  "use strict";

  var KEYWORD = "openbadgecredential";
  var SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
  var SVG = "http://www.w3.org/2000/svg";
  var QR_BORDER = 4;  // modules of light margin, as the QR standard asks
  var script = document.currentScript;
  var libraryUrl = script ? new URL("vendor/qrcodegen.js", script.src).href : null;
  var library = null;

  // --- PNG chunks -------------------------------------------------------------------

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) { c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8); }
    return (c ^ 0xffffffff) >>> 0;
  }

  // One chunk: data length, type, data, CRC-32 of type and data.
  function chunk(type, data) {
    var out = new Uint8Array(12 + data.length);
    var view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    for (var i = 0; i < 4; i++) { out[4 + i] = type.charCodeAt(i); }
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  }

  // iTXt: keyword, NUL, compression flag 0, compression method 0, empty language tag and
  // NUL, empty translated keyword and NUL, then the text in UTF-8 (uncompressed, as OB 3.0 requires).
  function badgeChunk(text) {
    var keyword = new TextEncoder().encode(KEYWORD);
    var value = new TextEncoder().encode(text);
    var data = new Uint8Array(keyword.length + 5 + value.length);  // the five bytes stay 0
    data.set(keyword, 0);
    data.set(value, keyword.length + 5);
    return chunk("iTXt", data);
  }

  function isBadgeChunk(png, start, length) {
    if (length < KEYWORD.length + 1 || png[start + KEYWORD.length] !== 0) { return false; }
    for (var i = 0; i < KEYWORD.length; i++) {
      if (png[start + i] !== KEYWORD.charCodeAt(i)) { return false; }
    }
    return true;
  }

  // The PNG with the credential baked in; any earlier credential chunk is replaced (one per image).
  function bake(png, text) {
    SIGNATURE.forEach(function (value, i) {
      if (png[i] !== value) { throw new Error("not a PNG"); }
    });
    var view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    var parts = [png.subarray(0, 8)];
    var offset = 8;
    while (offset < png.length) {
      if (offset + 12 > png.length) { throw new Error("truncated PNG"); }
      var length = view.getUint32(offset);
      var type = String.fromCharCode(png[offset + 4], png[offset + 5], png[offset + 6], png[offset + 7]);
      var end = offset + 12 + length;
      if (end > png.length || (offset === 8 && type !== "IHDR")) { throw new Error("damaged PNG"); }
      if (!(type === "iTXt" && isBadgeChunk(png, offset + 8, length))) { parts.push(png.subarray(offset, end)); }
      if (type === "IHDR") { parts.push(badgeChunk(text)); }
      offset = end;
      if (type === "IEND") { break; }
    }
    var size = parts.reduce(function (total, part) { return total + part.length; }, 0);
    var out = new Uint8Array(size);
    parts.reduce(function (at, part) { out.set(part, at); return at + part.length; }, 0);
    return out;
  }

  function fetched(url, read) {
    return window.fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + url); }
      return read(response);
    });
  }

  function saveFile(bytes, name) {
    var url = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // --- QR code --------------------------------------------------------------------------

  function loadLibrary() {
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = libraryUrl;
        tag.onload = function () { resolve(window.qrcodegen); };
        tag.onerror = function () { library = null; reject(new Error("could not load " + libraryUrl)); };
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  function qrDrawing(qrcodegen, text) {
    var qr = qrcodegen.QrCode.encodeText(text, qrcodegen.QrCode.Ecc.MEDIUM);
    var size = qr.size + 2 * QR_BORDER;
    var path = [];
    for (var y = 0; y < qr.size; y++) {
      for (var x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) { path.push("M" + (x + QR_BORDER) + "," + (y + QR_BORDER) + "h1v1h-1z"); }
      }
    }
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("shape-rendering", "crispEdges");
    svg.setAttribute("aria-hidden", "true");
    var background = svg.appendChild(document.createElementNS(SVG, "rect"));
    background.setAttribute("width", String(size));
    background.setAttribute("height", String(size));
    background.setAttribute("fill", "#fff");
    var modules = svg.appendChild(document.createElementNS(SVG, "path"));
    modules.setAttribute("d", path.join(""));
    modules.setAttribute("fill", "#000");
    return svg;
  }

  // --- one card -----------------------------------------------------------------------

  // The credential's id (its canonical URL), as the card's VerifierPlus link carries it:
  // both are written by partials/wallet.html from the same value.
  function credentialId(verify) {
    return new URLSearchParams(new URL(verify.href).hash.split("?")[1] || "").get("vc");
  }

  // The badge PNG the credential itself names (its embedded achievement's image).
  function badgeUrl(credential) {
    var image = credential.credentialSubject.achievement.image;
    return typeof image === "string" ? image : image.id;
  }

  function setUp(wallet, number, controls) {
    var download = wallet.querySelector("a[download]");
    var verify = wallet.querySelector("a:not([download])");
    var title = download.querySelector(".visually-hidden");
    var added = controls.content.cloneNode(true);
    Array.prototype.forEach.call(added.querySelectorAll("[data-wallet-title]"), function (span) {
      span.textContent = title ? title.textContent : "";
    });
    var panel = added.querySelector(".pp-wallet__qr");
    var status = added.querySelector(".pp-wallet__status");
    var after = wallet;
    Array.prototype.slice.call(added.children).forEach(function (child) {
      if (child.tagName === "LI") {
        wallet.appendChild(child);
      } else {
        after.after(child);
        after = child;
      }
    });
    function failed() { status.textContent = status.getAttribute("data-failed"); }

    var show = wallet.querySelector("[data-wallet-qr]");
    panel.id = "pp-wallet-qr-" + number;
    show.setAttribute("aria-controls", panel.id);
    show.addEventListener("click", function () {
      var open = show.getAttribute("aria-expanded") === "true";
      if (open || panel.querySelector("svg")) {
        panel.hidden = open;
        show.setAttribute("aria-expanded", String(!open));
        return;
      }
      status.textContent = "";
      loadLibrary().then(function (qrcodegen) {
        panel.firstElementChild.appendChild(qrDrawing(qrcodegen, credentialId(verify)));
        panel.hidden = false;
        show.setAttribute("aria-expanded", "true");
      }, failed);
    });

    var bakeButton = wallet.querySelector("[data-wallet-bake]");
    bakeButton.addEventListener("click", function () {
      var file = download.getAttribute("href");
      var name = file.split("/").pop().replace(/\.json$/, "") + "-open-badge.png";
      bakeButton.disabled = true;
      status.textContent = "";
      fetched(file, function (response) { return response.text(); }).then(function (text) {
        return fetched(badgeUrl(JSON.parse(text)), function (response) { return response.arrayBuffer(); }).then(function (png) {
          saveFile(bake(new Uint8Array(png), text), name);
        });
      }).catch(failed).then(function () {
        bakeButton.disabled = false;
      });
    });
  }

  var controls = document.getElementById("pp-wallet-controls");
  if (!controls || !("content" in controls) || !window.TextEncoder || !libraryUrl) { return; }
  Array.prototype.forEach.call(document.querySelectorAll(".pp-wallet[data-wallet]"), function (wallet, index) {
    setUp(wallet, index + 1, controls);
  });
})();
