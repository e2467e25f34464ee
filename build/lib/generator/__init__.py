"""Friendshoring critical minerals: data → metrics → charts → pages → docs/ → mkdocs."""
