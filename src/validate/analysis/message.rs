//! `Message`: what a rule found, as a key and its values, so that a partner reads it in their
//! language. The English words live here (the JSON, the ledger and the publishing report say
//! them); another language's are the `[self_check.messages]` table of its translation file,
//! keyed the same way, with a `_one` form where a count may be 1.

use super::document::Place;

/// A value put into a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text from the page, the entry or the network, shown as it is.
    Text(String),
    /// A number; `count` chooses a message's `_one` form.
    Number(u64),
    /// Where on a page, named in the reader's words (`place.title`, …).
    Place(Place),
    /// An empty list: "none" in the reader's words.
    Nothing,
}

/// One finding, in words any language can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: Key,
    pub values: Vec<(&'static str, Value)>,
}

macro_rules! keys {
    ($($key:ident = $name:literal: $english:literal $(| one: $one:literal)?;)*) => {
        /// Every message lpdir's rules and fetcher say.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The key in a translation's `[self_check.messages]` table.
            pub fn as_str(self) -> &'static str {
                match self { $(Key::$key => $name),* }
            }

            /// The English words, and the form for a count of one when there is one.
            pub fn english(self) -> (&'static str, Option<&'static str>) {
                match self { $(Key::$key => ($english, keys!(@one $($one)?))),* }
            }
        }
    };
    (@one $one:literal) => { Some($one) };
    (@one) => { None };
}

keys! {
    Fetched = "fetched": "fetched {url} ({kb} KB)";
    FetchedRedirected = "fetched_redirected": "fetched {url} ({kb} KB) after {count} redirects" | one: "fetched {url} ({kb} KB) after 1 redirect";
    Status = "status": "the server answered {status} for {url}";
    Timeout = "timeout": "no complete answer within {seconds} s";
    NoName = "no_name": "{detail}";
    Tls = "tls": "TLS failed for {host}: {detail}";
    Connect = "connect": "cannot connect to {host}: {detail}";
    RedirectLoop = "redirect_loop": "redirect loop: {url} was reached twice";
    TooManyRedirects = "too_many_redirects": "more than {count} redirects";
    BadRedirect = "bad_redirect": "the redirect from {url} has no valid Location";
    TooLarge = "too_large": "the page is larger than {bytes} bytes";
    NotHtml = "not_html": "the page is not HTML (Content-Type: {type})";
    Blocked = "blocked": "blocked destination: {detail}";
    PlainHttp = "plain_http": "plain http is not accepted ({url}); publish the page over https";
    Scheme = "scheme": "the URL scheme of {url} is not http(s)";
    UserInfo = "user_info": "the URL {url} carries a user name or password";
    RequestFailed = "request_failed": "the request failed: {detail}";
    NotFetched = "not_fetched": "not judged: the page could not be fetched";
    TooComplex = "too_complex": "not judged: the page is too complex to judge: as rendered, it has more than {nodes} nodes, {depth} levels of nesting or {mib} MiB of text; simplify it";
    TooComplexParsed = "too_complex_parsed": "not judged: the page is too complex to judge: {detail}; simplify its HTML";
    TooSlow = "too_slow": "not judged: the page could not be analysed within its {seconds} s; simplify its HTML";
    Failed = "failed": "not judged: lpdir failed while judging this page ({detail}); this is not a problem with the page: check it again, and report it to the directory's maintainers if it persists";
    NotKnown = "not_known": "not known: lpdir failed while judging this page ({detail}); this is not a problem with the page: check it again, and report it to the directory's maintainers if it persists";
    OwnedOtherDomain = "owned_other_domain": "the submitted URL is on {domain}, not on the partner's domains ({owned})";
    OwnedFinalOtherDomain = "owned_final_other_domain": "the final URL is on {domain}, not on the partner's domains ({owned})";
    OwnedNoDomain = "owned_no_domain": "the submitted URL's host {host} has no registrable domain";
    OwnedFinalNoDomain = "owned_final_no_domain": "the final URL's host {host} has no registrable domain";
    OwnedPlatform = "owned_platform": "{host} is a shared platform the partner does not own";
    OwnedNotNamed = "owned_not_named": "the page does not name \"{name}\" in its title, site name, logo (img alt), structured data or copyright line";
    OwnedNoToken = "owned_no_token": "the verification token is neither in <meta name=\"learning-partner-verification\"> nor at /.well-known/learning-partner-verification.txt";
    OwnedPass = "owned_pass": "on {domain}, the partner's own domain, and named in the {place}";
    ThemedProgrammeOnly = "themed_programme_only": "the page names only Microsoft's training programme ({terms}), no Microsoft product or exam: name what the courses teach, e.g. Azure, Power BI or AZ-104";
    ThemedPass = "themed_pass": "\"Microsoft\" in the {place}; {count} Microsoft terms: {terms}";
    ThemedNoMicrosoft = "themed_no_microsoft": "\"Microsoft\" is not in the title, an h1/h2 heading or the meta description ({count} Microsoft terms: {terms})";
    ThemedTooFew = "themed_too_few": "only {count} distinct Microsoft terms ({terms}); at least {min} are needed" | one: "only 1 distinct Microsoft term ({terms}); at least {min} are needed";
    ThemedNeither = "themed_neither": "\"Microsoft\" is not in the title, an h1/h2 heading or the meta description, and only {count} distinct Microsoft terms ({terms}); at least {min} are needed" | one: "\"Microsoft\" is not in the title, an h1/h2 heading or the meta description, and only 1 distinct Microsoft term ({terms}); at least {min} are needed";
    OnlyNamed = "only_named": "names other directory partners: {names}";
    OnlyLinked = "only_linked": "links to other directory partners: {names}";
    OnlyOrganisations = "only_organisations": "its structured data names other organisations: {names}";
    OnlyListing = "only_listing": "links to {count} other companies' domains (at most {max} are allowed): it reads as a listing, not a page about one partner";
    OnlyPass = "only_pass": "about the partner alone: no other partner named or linked ({count} other domains linked)" | one: "about the partner alone: no other partner named or linked (1 other domain linked)";
    NoBrowser = "no_browser": "not rendered: no browser found — install chromium or pass --browser";
    BrowserFailed = "browser_failed": "not judged: {detail}";
    StillLoading = "still_loading": "the page was still loading when its time ran out; it was judged on what it showed then";
    Refused = "refused": "lpdir refused {refused} of the page's {requests} requests ({detail})";
    CompetitorsNone = "competitors_none": "no competitor of Microsoft is mentioned";
    CompetitorsFound = "competitors_found": "mentions Microsoft competitors: {names}";
}

impl Message {
    pub fn new(key: Key) -> Message {
        Message {
            key,
            values: Vec::new(),
        }
    }

    /// Adds a value for `{name}`.
    pub fn with(mut self, name: &'static str, value: Value) -> Message {
        self.values.push((name, value));
        self
    }

    pub fn text(self, name: &'static str, text: impl Into<String>) -> Message {
        self.with(name, Value::Text(text.into()))
    }

    pub fn number(self, name: &'static str, n: impl TryInto<u64>) -> Message {
        self.with(name, Value::Number(n.try_into().unwrap_or(u64::MAX)))
    }

    /// A list, or "none" when it is empty.
    pub fn list(self, name: &'static str, items: &[impl AsRef<str>]) -> Message {
        let value = match items {
            [] => Value::Nothing,
            items => Value::Text(
                items
                    .iter()
                    .map(AsRef::as_ref)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        };
        self.with(name, value)
    }

    /// The message in English.
    pub fn english(&self) -> String {
        self.words(|_| None)
    }

    /// The message in the words `lookup` gives for a key (`fetched`, `fetched_one`,
    /// `place.title`, `none`), English where it has none. Values are put in once, so a value
    /// that looks like `{name}` stays as it is.
    pub fn words<'a>(&self, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
        let one = self
            .values
            .iter()
            .any(|(n, v)| *n == "count" && *v == Value::Number(1));
        let (english, english_one) = self.key.english();
        let template = match (one, english_one) {
            (true, Some(e)) => lookup(&format!("{}_one", self.key.as_str())).unwrap_or(e),
            _ => lookup(self.key.as_str()).unwrap_or(english),
        };
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                let (_, v) = self.values.iter().find(|(n, _)| *n == name)?;
                Some((close, v))
            });
            match value {
                Some((close, v)) => {
                    match v {
                        Value::Text(t) => out.push_str(t),
                        Value::Number(n) => out.push_str(&n.to_string()),
                        Value::Place(p) => out.push_str(
                            lookup(&format!("place.{}", p.as_str())).unwrap_or(p.as_str()),
                        ),
                        Value::Nothing => out.push_str(lookup("none").unwrap_or("none")),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Several findings of one rule, in English, as the JSON's `message` says them.
pub fn english(messages: &[Message]) -> String {
    messages
        .iter()
        .map(Message::english)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_in_once_with_counts_of_one_and_empty_lists_in_words() {
        let m = Message::new(Key::ThemedTooFew)
            .number("count", 1)
            .list("terms", &["{min}"])
            .number("min", 3);
        assert_eq!(
            m.english(),
            "only 1 distinct Microsoft term ({min}); at least 3 are needed"
        );
        let none: &[&str] = &[];
        let m = Message::new(Key::ThemedTooFew)
            .number("count", 0)
            .list("terms", none)
            .number("min", 3);
        assert_eq!(
            m.words(|k| (k == "none").then_some("geen")),
            "only 0 distinct Microsoft terms (geen); at least 3 are needed"
        );
        let m = Message::new(Key::OwnedPass)
            .text("domain", "contoso.nl")
            .with("place", Value::Place(Place::Title));
        assert_eq!(
            m.words(|k| (k == "place.title").then_some("titel")),
            "on contoso.nl, the partner's own domain, and named in the titel"
        );
    }

    #[test]
    fn every_key_is_distinct() {
        let mut names: Vec<&str> = Key::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Key::ALL.len());
    }
}
