"""Data files shipped with AssetDesk: fonts, translations, templates, icons."""
