//! The self-check form's fields and what is wrong with them, in the visitor's language: one
//! message per field, every field's at once, before anything is fetched.

use crate::i18n::FormErrorWords;
use crate::validate::{Request, RequestError, SelfCheck};

/// The longest field values the form takes.
pub const MAX_NAME: usize = 200;
pub const MAX_URL: usize = 2_000;
pub const MAX_ID: usize = 100;

/// A field of the form, named as its `<input>` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Partner,
    Url,
    Id,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::Partner, Field::Url, Field::Id];

    /// The `id` and `name` of the field's `<input>`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Partner => "partner",
            Field::Url => "url",
            Field::Id => "id",
        }
    }

    fn max(self) -> usize {
        match self {
            Field::Partner => MAX_NAME,
            Field::Url => MAX_URL,
            Field::Id => MAX_ID,
        }
    }
}

/// What the form cannot take: about one field, or (`None`) about the whole form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: Option<Field>,
    pub text: String,
}

impl FormError {
    pub fn whole(text: String) -> FormError {
        FormError { field: None, text }
    }

    /// A request error the checker found, at its field.
    pub fn of_request(e: &RequestError, w: &FormErrorWords) -> FormError {
        let (field, text) = match e {
            RequestError::MissingPartner => (Some(Field::Partner), w.partner_missing.clone()),
            RequestError::BadUrl(p) => (Some(Field::Url), w.url(p)),
            RequestError::UnknownPartner(id) => (Some(Field::Id), w.id_unknown.replace("{id}", id)),
            // Not a field of the form: only the JSON API takes domains.
            RequestError::BadDomain(_) => (None, e.to_string()),
        };
        FormError { field, text }
    }
}

/// Every field's problem, in the fields' order; empty when the form can be checked. A value
/// longer than its field takes is the form's own problem; every other is the checker's
/// (`SelfCheck::problems`), worded for the field.
pub fn problems(checker: &SelfCheck, request: &Request, w: &FormErrorWords) -> Vec<FormError> {
    let values = [
        request.partner.as_str(),
        &request.url,
        request.id.as_deref().unwrap_or_default(),
    ];
    let too_long: Vec<Field> = Field::ALL
        .into_iter()
        .zip(values)
        .filter(|(field, value)| value.chars().count() > field.max())
        .map(|(field, _)| field)
        .collect();
    let mut out: Vec<FormError> = too_long
        .iter()
        .map(|&field| FormError {
            field: Some(field),
            text: w.too_long.replace("{max}", &field.max().to_string()),
        })
        .collect();
    for e in checker.problems(request) {
        let mut error = FormError::of_request(&e, w);
        if error.field.is_some_and(|f| too_long.contains(&f)) {
            continue;
        }
        // An empty address is missing, not malformed.
        if error.field == Some(Field::Url) && request.url.is_empty() {
            error.text = w.url_missing.clone();
        }
        out.push(error);
    }
    for e in &mut out {
        e.text = crate::printable::line(&e.text).into_owned();
    }
    out.sort_by_key(|e| e.field.map(|f| Field::ALL.iter().position(|x| *x == f)));
    out
}
