//! Decoding a page's bytes by its declared charset: the Content-Type header, then a byte
//! order mark, then `<meta charset>` in the first kilobytes, else UTF-8 (windows-1252 when the
//! bytes are not UTF-8, as browsers do).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

pub fn decode_html(bytes: &[u8], content_type: &str) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let declared = charset_param(content_type)
        .and_then(|c| Encoding::for_label(c.as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]));
    let encoding = match declared {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_owned())
    })
}

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag.find("charset") {
            let value = tag[j + 7..].trim_start().strip_prefix('=')?.trim_start();
            let value = value.trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '/')
                .unwrap_or(value.len());
            if let Some(e) = Encoding::for_label(&value.as_bytes()[..end]) {
                // A page that says UTF-16 in ASCII is not UTF-16; browsers read it as UTF-8.
                return Some(if e.name().starts_with("UTF-16") {
                    UTF_8
                } else {
                    e
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::decode_html;

    #[test]
    fn header_meta_bom_and_fallback() {
        assert_eq!(
            decode_html(b"caf\xe9", "text/html; charset=windows-1252"),
            "café"
        );
        assert_eq!(
            decode_html(b"<meta charset=\"iso-8859-1\">caf\xe9", "text/html"),
            "<meta charset=\"iso-8859-1\">café"
        );
        assert_eq!(
            decode_html(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x80", "text/html"),
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">€"
        );
        assert_eq!(
            decode_html(b"\xef\xbb\xbfcaf\xc3\xa9", "text/html; charset=latin1"),
            "café"
        );
        assert_eq!(decode_html("café".as_bytes(), "text/html"), "café");
        assert_eq!(decode_html(b"caf\xe9", "text/html"), "café");
    }
}
