//! The self-check service and the live preview: the library's checker, the HTTP service (JSON API,
//! form, limits, reloading), the service under load, and `lpdir serve`.
//!
//! Index: each module, what it proves, and its tests (`cargo test --test service MODULE::`).
//!
//! - [`server`]: The self-check service against real servers on 127.0.0.1: the service itself and a
//!   site of fixture landing pages pinned to it. The JSON API, the form, the limits, the address
//!   guard, bad input, reloading and shutting down.
//!   Tests: `the_api_answers_like_check_json_and_explains_bad_input`,
//!   `limits_answer_429_and_503_with_retry_after`, `the_guard_stands_for_every_visitor`,
//!   `the_form_answers_bad_input_with_the_form_never_a_500`,
//!   `a_new_partner_on_disk_is_known_after_a_reload_and_a_broken_one_is_not_fatal`,
//!   `shutting_down_finishes_running_checks_and_refuses_new_ones`,
//!   `the_home_page_follows_accept_language`,
//!   `the_command_serves_the_sample_directory_and_stops_on_sigterm`,
//!   `the_periodic_reload_picks_up_a_new_month_by_itself`,
//!   `a_forwarded_client_cannot_choose_its_own_bucket`,
//!   `stopping_answers_every_check_in_flight_and_in_the_queue`,
//!   `a_form_sent_from_another_website_runs_no_check`,
//!   `pins_to_internal_addresses_need_the_operators_word_and_metrics_can_move`,
//!   `the_service_takes_http_and_pins_from_its_own_settings_only`,
//!   `a_sites_own_templates_restyle_the_service_and_a_broken_one_keeps_the_last`.
//! - [`load`]: The self-check service under load and under attack, on 127.0.0.1 only. The whole
//!   127/8 block is loopback on Linux, so clients bind distinct source addresses (127.1.x.y) to be
//!   distinct clients. Every test is bounded in count and time and stops by itself; none asserts a
//!   speed, except that legitimate clients are answered within a second during a flood (the issue's
//!   bound; the old server did not answer them for the whole attack).
//!   Tests: `a_slow_flood_from_one_address_leaves_everyone_else_served`,
//!   `a_thousand_clients_are_served_through_a_slow_flood_and_an_address_rotation`.
//! - [`library`]: The library's self-check API: one checker for a whole directory, many checks at
//!   once; the partner checking is never its own rival, every other partner is; bad requests are
//!   typed.
//!   Tests: `one_checker_judges_many_partners_against_the_directory`,
//!   `bad_requests_are_typed_with_stable_codes`.
//! - [`preview`]: The live preview: a real server on 127.0.0.1:0 over a fixture site, edited by the
//!   test.
//!   Tests: `an_edit_shows_up_with_a_reload_message`,
//!   `a_broken_template_shows_its_error_until_fixed`,
//!   `a_burst_of_saves_and_editor_files_rebuild_once`,
//!   `the_browser_reloads_by_itself_after_an_edit`, `an_incremental_rebuild_equals_a_full_build`,
//!   `a_translation_change_renders_every_row_again`, `only_local_host_names_are_answered`,
//!   `a_slow_request_head_is_cut_off`,
//!   `slow_bodies_idle_connections_and_greedy_addresses_are_let_go`,
//!   `live_reload_streams_are_capped`, `dutch_pages_get_the_dutch_404`,
//!   `a_missing_root_is_an_error_not_an_empty_preview`,
//!   `the_preview_reloads_however_the_root_is_typed`.

#[path = "../common/mod.rs"]
mod common;

mod library;
mod load;
mod preview;
mod server;
