"""Real PDFs for tests, made with pikepdf: one page of text, with the
metadata, attachments or scripts a test needs."""

from __future__ import annotations

import io

import pikepdf

PAGE_TEXT = b"BT /F1 24 Tf 72 720 Td (Morning meeting plan, week 3) Tj ET"


def pdf_bytes(
    title: str | None = None,
    author: str | None = None,
    xmp_text: str | None = None,
    attachment: bytes | None = None,
    javascript: str | None = None,
    comment_author: str | None = None,
    password: str | None = None,
) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page(page_size=(612, 792))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(PAGE_TEXT)
    if title or author:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False):
            pass
        pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary())
        if title:
            pdf.docinfo.Title = title
        if author:
            pdf.docinfo.Author = author
    if xmp_text:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:description"] = xmp_text
        page.obj.Metadata = pdf.make_stream(f"<x:xmpmeta>{xmp_text}</x:xmpmeta>".encode())
    if attachment is not None:
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, attachment)
    if javascript:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(javascript))
    if comment_author:
        note = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[72, 600, 92, 620],
            Contents=pikepdf.String("Looks good"), T=pikepdf.String(comment_author),
        )
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))
    buffer = io.BytesIO()
    encryption = pikepdf.Encryption(owner=password, user=password) if password else None
    pdf.save(buffer, deterministic_id=encryption is None, static_id=encryption is not None, encryption=encryption)
    return buffer.getvalue()
