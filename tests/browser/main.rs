//! The built directory and the self-check service in a real headless Chromium.
//!
//! Index: each module, what it proves, and its tests (`cargo test --test browser MODULE::`).
//!
//! - [`directory`]: The built directory in a real headless Chromium, served over a local HTTP
//!   server: the search box, the country and level filters, the URL state, and escaping.
//!   Tests: `search_and_filters_work_in_a_real_browser`,
//!   `without_javascript_the_whole_list_is_there`.
//! - [`browse`]: Browsing the sample directory in headless Chromium: sorting, active-filter chips,
//!   the filters for what partners teach, their languages and delivery, all kept in the URL; every
//!   control reachable by keyboard; no serious accessibility problem (axe-core) on any page type in
//!   either language; and on a phone, partners on the first screen.
//!   Tests: `visitors_sort_filter_and_remove_filters_with_the_state_in_the_url`,
//!   `every_filter_and_sort_control_is_reachable_and_operable_by_keyboard`,
//!   `no_page_type_has_a_serious_accessibility_problem_in_either_language`,
//!   `on_a_laptop_five_partners_are_on_the_first_screen_and_the_partner_box_after_them`,
//!   `a_list_of_one_partner_says_one_partner_in_either_language`,
//!   `on_a_phone_partners_are_on_the_first_screen_and_nothing_scrolls_sideways`,
//!   `a_long_list_shows_a_page_at_a_time_with_scripts_and_everything_without`.
//! - [`teaches`]: Finding a partner by what it teaches, in headless Chromium: the area filter and
//!   an exam code in the search box, kept in the URL, over a directory published by a real run.
//!   Tests: `visitors_filter_by_area_and_find_an_exam_code`.
//! - [`self_check`]: A partner checks a page in a real headless Chromium: in English and in Dutch,
//!   with and without JavaScript, and reads the verdict and what to change.
//!   Tests: `a_partner_checks_a_page_in_english_and_dutch_with_and_without_javascript`,
//!   `a_rendering_service_shows_the_page_as_seen_with_the_evidence_outlined`.

#[path = "../common/mod.rs"]
mod common;

mod browse;
mod directory;
mod self_check;
mod teaches;
