//! Handlebars templates, embedded in the binary: pages (HTML-escaped) and
//! e-mails (HTML part escaped, subject and text part not). Both registries
//! share the `t` helper that reads the translation files.

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde::Serialize;

use crate::i18n::{FluentArg, Lang};

/// Declares the embedded templates by name.
macro_rules! embedded {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name, ".hbs")))),+]
    };
}

/// Templates whose output is HTML.
const HTML_TEMPLATES: &[(&str, &str)] = embedded!(
    "layout",
    "field",
    "home",
    "apply",
    "apply_thanks",
    "apply_closed",
    "chart",
    "transparency",
    "admin_stats",
    "admin_settings",
    "setting",
    "status",
    "confirm",
    "message",
    "admin_login",
    "admin_message",
    "admin_queue",
    "admin_detail",
    "admin_account",
    "admin_moderators",
    "admin_webhooks",
    "admin_webhook",
    "mail/confirmation.html",
    "mail/letter.html",
);

/// Templates whose output is plain text (subjects and text parts).
const TEXT_TEMPLATES: &[(&str, &str)] = embedded!(
    "mail/confirmation.subject",
    "mail/confirmation.txt",
    "mail/letter.txt"
);

/// Both registries.
pub struct Templates {
    html: Handlebars<'static>,
    text: Handlebars<'static>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

/// A template that failed to render: a bug, reported as such.
#[derive(Debug, thiserror::Error)]
#[error("template {name} failed: {message}")]
pub struct TemplateError {
    name: String,
    message: String,
}

impl Templates {
    /// Compiles every embedded template; a broken one stops the start.
    pub fn new() -> Result<Templates, TemplateError> {
        let mut html = Handlebars::new();
        let mut text = Handlebars::new();
        text.register_escape_fn(handlebars::no_escape);
        for registry in [&mut html, &mut text] {
            // Not strict: a missing optional value renders empty rather
            // than turning a page into an error.
            registry.register_helper("t", Box::new(translate));
        }
        // Each template is compiled once: a registered template is also
        // the partial of its name (`{{> field}}`, `{{#> layout}}`), so
        // registering it as a partial too would compile it twice, half the
        // time of a start.
        for (name, source) in HTML_TEMPLATES {
            html.register_template_string(name, *source)
                .map_err(|e| TemplateError {
                    name: name.to_string(),
                    message: e.to_string(),
                })?;
        }
        for (name, source) in TEXT_TEMPLATES {
            text.register_template_string(name, *source)
                .map_err(|e| TemplateError {
                    name: name.to_string(),
                    message: e.to_string(),
                })?;
        }
        Ok(Templates { html, text })
    }

    /// Renders an HTML template.
    pub fn html<T: Serialize>(&self, name: &str, data: &T) -> Result<String, TemplateError> {
        self.html.render(name, data).map_err(|e| TemplateError {
            name: name.to_string(),
            message: e.to_string(),
        })
    }

    /// Renders a plain-text template.
    pub fn text<T: Serialize>(&self, name: &str, data: &T) -> Result<String, TemplateError> {
        self.text.render(name, data).map_err(|e| TemplateError {
            name: name.to_string(),
            message: e.to_string(),
        })
    }

    /// The `t` keys every embedded template uses, for the test that checks
    /// both translation files carry them.
    pub fn translation_keys() -> Vec<String> {
        let mut keys = Vec::new();
        for (_, source) in HTML_TEMPLATES.iter().chain(TEXT_TEMPLATES) {
            let mut rest = *source;
            while let Some(at) = rest.find("{{t \"") {
                rest = &rest[at + 5..];
                if let Some(end) = rest.find('"') {
                    keys.push(rest[..end].to_string());
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

/// `{{t "key" name=value …}}`: the message in the language of the page
/// (the root context's `lang`), escaped by the registry's own rules.
fn translate(
    h: &Helper,
    registry: &Handlebars,
    ctx: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let key = h
        .param(0)
        .and_then(|p| p.value().as_str())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
    let lang = ctx
        .data()
        .get("lang")
        .and_then(|l| l.as_str())
        .and_then(Lang::from_code)
        .unwrap_or_default();
    let message = if h.hash().is_empty() {
        lang.tr(key)
    } else {
        let args: Vec<(&str, FluentArg)> = h
            .hash()
            .iter()
            .map(|(name, value)| {
                let arg = match value.value() {
                    serde_json::Value::Number(n) => {
                        FluentArg::Number(n.as_i64().unwrap_or_default())
                    }
                    serde_json::Value::String(s) => FluentArg::Text(s.clone()),
                    other => FluentArg::Text(other.to_string()),
                };
                (*name, arg)
            })
            .collect();
        lang.tr_args(key, &args)
    };
    out.write(&registry.get_escape_fn()(&message))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        Templates::new().unwrap();
    }

    #[test]
    fn every_key_used_in_a_template_exists_in_both_languages() {
        let keys = Templates::translation_keys();
        assert!(keys.len() > 20, "found only {} keys", keys.len());
        for key in keys {
            for lang in Lang::ALL {
                assert!(lang.has(&key), "{key} is missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn every_asset_a_page_links_to_is_served() {
        for (name, source) in HTML_TEMPLATES {
            for part in source.split("/static/").skip(1) {
                let file: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                    .collect();
                assert!(
                    crate::web::assets::is_served(&file),
                    "{name} links to /static/{file}, which is not served"
                );
            }
        }
    }
}
