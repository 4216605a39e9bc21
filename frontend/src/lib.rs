//! Browser entry: loads the code of the page's group of lazy routes (the page has already
//! asked the browser to preload it), then hydrates the server-rendered page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let path = leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default();
        if let Some(group) = app::routes::group_of(&path) {
            app::routes::preload(group).await;
        }
        leptos::mount::hydrate_lazy(app::App);
    });
}
