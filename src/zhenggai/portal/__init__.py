"""Published 通报 (PublicReport snapshots), the 整改办's publishing pages and the public portal."""
