"""Reading a PDF's structure tree (pikepdf) the way a PDF/UA checker does."""

import io

import pikepdf


def table_header_scopes(pdf: bytes) -> list[str]:
    """The /Scope of every TH structure element ("Column", "Row"); fails on one without.

    PDF/UA-1 (ISO 14289-1, 7.5) needs the scope of every table header cell."""
    scopes = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            if obj.get("/Type") != "/StructElem" or obj.get("/S") != "/TH":
                continue
            attributes = obj.get("/A")
            if isinstance(attributes, pikepdf.Array):
                attributes = next((a for a in attributes if a.get("/O") == "/Table"), None)
            assert attributes is not None and attributes.get("/O") == "/Table", "TH without /A"
            scope = attributes.get("/Scope")
            assert scope in ("/Column", "/Row"), f"TH without /Scope: {scope!r}"
            scopes.append(str(scope)[1:])
    return scopes
