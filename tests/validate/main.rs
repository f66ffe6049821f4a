//! Validation: fetching landing pages behind the address guard, judging whole pages, the browser
//! rendering, failing closed, and `lpdir check` / `lpdir validate` as processes. The rules' own
//! cases are unit tests beside them, in src/validate/analysis/rules/, judged with no network.
//!
//! Index: each module, what it proves, and its tests (`cargo test --test validate MODULE::`).
//!
//! - [`validator`]: The validator against a real local HTTP server serving fixture sites under many
//!   host names, pinned to 127.0.0.1 the way `--resolve` does. The address guard stays on for every
//!   destination that is not pinned.
//!   Tests: `a_good_page_is_accepted_with_evidence`,
//!   `redirects_within_the_partners_domain_pass_and_across_domains_fail`,
//!   `windows_1252_and_gzip_pages_are_decoded`, `the_size_cap_counts_decompressed_bytes`,
//!   `network_failures_are_unreachable_with_a_clear_reason`,
//!   `a_server_that_drips_times_out_within_the_timeout`, `plain_http_needs_allow_http`,
//!   `verification_tokens_by_meta_or_well_known_file`,
//!   `ssrf_redirects_to_internal_addresses_are_refused`, `a_submitted_internal_url_is_refused_too`,
//!   `at_most_two_requests_at_a_time_reach_one_host`.
//! - [`ssrf`]: The address guard against a real listener on 127.0.0.1 that counts every request.
//!   Every target here is a spelling of this machine (odd loopback literals, names that resolve to
//!   loopback, IPv4-mapped loopback), and the listener's port is allowed, so that only the address
//!   guard stands between the crawler and the listener: a regression in the guard fails here, and
//!   cannot reach any other machine. Addresses outside loopback appear only in the classifier's
//!   unit tests (src/validate/guard_table.rs), which open no socket.
//!   Tests: `submitted_loopback_urls_are_refused_before_any_connection`,
//!   `redirects_to_loopback_are_refused_at_every_hop`,
//!   `a_pin_applies_to_its_own_host_and_port_only`.
//! - [`hostile`]: Hostile pages as large as the size cap allows, served on 127.0.0.1: each is
//!   judged (or refused as too complex) instead of holding the crawl for minutes, and none is
//!   accepted by accident. Timings are the benchmark's business (scripts/bench-hostile.sh), not
//!   this test's.
//!   Tests: `hostile_pages_are_judged_or_refused_never_hung_or_accepted_by_accident`.
//! - [`fail_closed`]: lpdir fails closed: a page it fails on is rejected, saying so, and never goes
//!   missing from a report, a ledger or a month's JSON; its own queue and a server's Retry-After
//!   never make a verdict wrong. All against real servers on 127.0.0.1.
//!   Tests: `a_panicking_rule_rejects_its_page_and_no_entry_goes_missing`,
//!   `a_panicking_rule_is_a_rejection_in_the_ledger_and_the_report`,
//!   `a_huge_retry_after_is_a_clear_unreachable_not_a_crash`,
//!   `waiting_for_a_host_slot_does_not_eat_a_pages_time`,
//!   `the_verification_file_shares_the_pages_time`,
//!   `numeric_flags_out_of_range_are_clear_usage_errors`.
//! - [`cli`]: `lpdir check` and `lpdir validate` as processes: exit status, text and JSON output,
//!   the monthly selection, and proxy variables being ignored.
//!   Tests: `validate_judges_the_months_entries_in_json`,
//!   `validate_all_covers_the_whole_directory_in_text`,
//!   `check_ignores_proxy_variables_and_exits_zero_when_accepted`,
//!   `check_with_a_directory_knows_the_other_partners`, `check_refuses_bad_urls_with_exit_2`,
//!   `check_marks_exactly_the_competitors_names`.
//! - [`render`]: Pages built by scripts, judged as a visitor's browser shows them (`--render`), and
//!   the browser kept behind lpdir's guard.
//!   Tests: `script_built_pages_are_judged_as_rendered`,
//!   `the_browser_reaches_nothing_but_through_lpdir`, `a_browser_that_fails_fails_the_page_closed`,
//!   `render_flags_say_how_each_page_was_seen`,
//!   `screenshots_show_the_page_with_the_failing_evidence_outlined`,
//!   `killing_lpdir_mid_render_leaves_no_browser`.
//! - [`properties`]: Property tests: hostile input never panics the analyser, and the address
//!   guard's classification is consistent however an address is written.
//!   Tests: `arbitrary_bytes_never_panic`, `mutated_pages_never_panic`,
//!   `arbitrary_text_with_markup_never_panics`, `any_ipv6_classifies_without_panic`,
//!   `loopback_in_any_spelling_is_never_a_landing_url`,
//!   `arbitrary_url_text_never_panics_the_url_checks`, `the_reference_page_is_judged_as_expected`,
//!   `accepted_names_load_back_identically`, `accepted_reasons_load_back_identically`.
//! - [`corpus`]: 130 real web pages that no one here wrote (`../shared/corpus`, see its README),
//!   judged through the real fetcher from a local server: no panic, no hang, and few false
//!   positives. Run with `LPDIR_CORPUS=../shared/corpus/pages cargo test --test validate corpus --
//!   --ignored`.
//!   Tests: `every_real_page_is_judged_without_a_panic`.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod corpus;
mod fail_closed;
mod hostile;
mod properties;
mod render;
mod ssrf;
mod validator;
