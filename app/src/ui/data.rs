//! Page data loaded through server functions: one JSON reader for all of it. Leptos's
//! default resource codec reads the hydrated copy with `serde_json::from_str`, while server
//! functions read their answers with `from_slice`; each type then had two deserializers in
//! the browser bundle. Reading the hydrated copy as bytes too lets both share one.
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// JSON in the HTML as Leptos writes it, read the way server functions read their answers.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A page's data: rendered with the page on the server, read back from it when hydrating,
/// fetched again whenever `source` changes.
pub type PageData<T> = Resource<T, Json>;

#[track_caller]
pub fn page_data<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageData<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// The route's `:id`, or 0 (which no record has) when it is missing or not a number.
pub fn route_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn what_the_server_writes_the_browser_reads_back() {
        let values: Vec<Result<Option<String>, AppError>> = vec![
            Ok(Some("王芳 \"quoted\" \\ ✓".into())),
            Ok(None),
            Err(AppError::NotFound),
            Err(AppError::TooManyAttempts {
                retry_after_secs: 7,
            }),
        ];
        for value in values {
            let text = <Json as Encoder<_>>::encode(&value).unwrap();
            let back: Result<Option<String>, AppError> = Json::decode(&text).unwrap();
            assert_eq!(back, value);
        }
        assert!(<Json as Decoder<Option<u8>>>::decode("{not json").is_err());
    }
}
