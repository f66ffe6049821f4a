//! The self-check form's fields and what is wrong with them, in the visitor's language: one
//! message per field, every field's at once, before anything is fetched.

use crate::content::LandingUrl;
use crate::i18n::FormErrorWords;
use crate::validate::{RequestError, SelfCheck};

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

/// Every field's problem, in the fields' order; empty when the form can be checked.
pub fn problems(checker: &SelfCheck, values: [&str; 3], w: &FormErrorWords) -> Vec<FormError> {
    let mut out = Vec::new();
    for (field, value) in Field::ALL.into_iter().zip(values) {
        let value = value.trim();
        let text = if value.chars().count() > field.max() {
            Some(w.too_long.replace("{max}", &field.max().to_string()))
        } else {
            match field {
                Field::Partner if value.is_empty() => Some(w.partner_missing.clone()),
                Field::Url if value.is_empty() => Some(w.url_missing.clone()),
                Field::Url => LandingUrl::parse(value).err().map(|p| w.url(&p)),
                Field::Id if !value.is_empty() && !checker.is_listed(value) => {
                    Some(w.id_unknown.replace("{id}", value))
                }
                _ => None,
            }
        };
        out.extend(text.map(|text| FormError {
            field: Some(field),
            text: crate::printable::line(&text).into_owned(),
        }));
    }
    out
}
