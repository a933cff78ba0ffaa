"""Participant exports: the registrations an export holds (rows), the files they
become (tabular: CSV and XLSX; pdf: sign-in sheet and name badges), and the one
table of formats (formats) that the staff pages and the export log read. The
PDFs fit text into their boxes with layout: it shrinks, then wraps, never cut.
Rows come in German order of names (participants.collation).

Every format walks the registrations with ``iterator(chunk_size=2000)`` so that
50,000 rows never sit in memory at once: CSV is yielded line by line into a
streaming response; XLSX (openpyxl's write-only mode) and the PDFs (reportlab's
canvas, page by page) are written to an anonymous temporary file that the
response then streams.
"""
