#!/usr/bin/env python3
"""Checks that every relative link in rendered rustdoc HTML leads somewhere.

Usage: doc-links.py DOC_DIR CRATE [CRATE...]

Reads every page of each crate under DOC_DIR (cargo doc's output), and
reports each `href` that points at a file that does not exist, or at an
anchor (`#method.name`) that the target page does not define. Links to
other crates' pages count as broken when those pages were not rendered:
a reader of `cargo doc --no-deps` output would land on nothing. Intra-doc
link text rustdoc could not resolve is rendered as `[`...`]` text, and is
reported too.
"""
import html.parser
import os
import re
import sys
import urllib.parse


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()
        self.text = []
        self.in_code = 0
        # Depth inside the blanket implementations (`impl<T> From<T> for T`,
        # other crates' traits): their docs are those crates', not ours.
        self.in_blanket = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "div" and (self.in_blanket or a.get("id") == "blanket-implementations-list"):
            self.in_blanket += 1
        if tag == "a" and "href" in a and not self.in_blanket:
            self.links.append(a["href"])
        if tag in ("pre", "code"):
            self.in_code += 1

    def handle_endtag(self, tag):
        if tag in ("pre", "code") and self.in_code:
            self.in_code -= 1
        if tag == "div" and self.in_blanket:
            self.in_blanket -= 1

    def handle_data(self, data):
        if not self.in_code:
            self.text.append(data)


def parse(path, cache={}):
    if path not in cache:
        p = Page()
        with open(path, encoding="utf-8") as f:
            p.feed(f.read())
        cache[path] = p
    return cache[path]


def main():
    doc_dir, crates = sys.argv[1], sys.argv[2:]
    problems = []
    for crate in crates:
        root = os.path.join(doc_dir, crate)
        if not os.path.isdir(root):
            problems.append(f"{root}: not rendered")
            continue
        for dirpath, _, files in os.walk(root):
            for name in sorted(files):
                if not name.endswith(".html"):
                    continue
                page_path = os.path.join(dirpath, name)
                page = parse(page_path)
                shown = os.path.relpath(page_path, doc_dir)
                for text in re.findall(r"\[`[^`\]]+`\]", " ".join(page.text)):
                    problems.append(f"{shown}: unresolved link text {text}")
                for href in page.links:
                    url = urllib.parse.urlsplit(href)
                    if url.scheme in ("http", "https", "mailto", "javascript") or url.netloc:
                        continue
                    if url.scheme or "::" in url.path:
                        problems.append(f"{shown}: {href} is a Rust path rustdoc did not resolve")
                        continue
                    target = page_path if not url.path else os.path.normpath(
                        os.path.join(dirpath, urllib.parse.unquote(url.path)))
                    if url.path.endswith("/"):
                        target = os.path.join(target, "index.html")
                    if not os.path.exists(target):
                        problems.append(f"{shown}: {href} leads to no page")
                        continue
                    frag = url.fragment
                    # Source-line anchors (#12-40) are made by script.
                    if frag and target.endswith(".html") and not re.fullmatch(r"\d+(-\d+)?", frag):
                        ids = parse(target).ids
                        if frag not in ids and urllib.parse.unquote(frag) not in ids:
                            problems.append(f"{shown}: {href} names no anchor on its page")
    for p in sorted(set(problems)):
        print(p)
    if problems:
        print(f"{len(set(problems))} broken link(s)", file=sys.stderr)
        sys.exit(1)


main()
