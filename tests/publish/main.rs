//! Publishing and intake: the monthly run, its ledger and report, the sample directory's ledgers,
//! `lpdir add` / `lpdir remove`, and the automated month as CI runs it.
//!
//! Index: each module, what it proves, and its tests (`cargo test --test publish MODULE::`).
//!
//! - [`monthly_run`]: The monthly publishing run end to end, against a real local server serving
//!   the fixture landing pages: the ledger, the site built from it, the report, resuming, and the
//!   schedule.
//!   Tests: `a_monthly_run_publishes_accepted_entries_and_explains_the_rest`,
//!   `an_interrupted_run_loses_nothing_and_resumes`,
//!   `a_reused_fold_equals_folding_what_the_scope_keeps`.
//! - [`decisions`]: What a publishing run decides, with the partners it lists written out
//!   literally: a rejected update and an unreachable update keep the last accepted listing, an
//!   entry edited after its decision is judged again, and the removal of a partner that was never
//!   published lists nothing and removes nothing.
//!   Tests: `each_kind_of_request_gets_its_literal_outcome`,
//!   `what_a_partner_teaches_comes_from_its_accepted_page_through_the_ledger`.
//! - [`pipeline`]: The automated month, as the directory repository's workflows run it, in a
//!   temporary git repository: `lpdir init` → `lpdir add` → `lpdir validate` (the pull-request
//!   check) → `lpdir publish --format json` in the third week (the scheduled run) → `lpdir build`
//!   (the deploy), asserting on the files the bot's pull request would carry.
//!   Tests: `the_monthly_pipeline_runs_from_a_new_directory_to_a_deployable_site`.
//! - [`sample`]: The sample directory's ledgers are what a real publishing run makes of the sample
//!   partners' websites: `lpdir publish` for each month, in order, against the pages in
//!   `examples/sample-landing-pages` served over HTTPS on loopback (a throwaway authority trusted
//!   with `--ca-cert`, every host pinned with `--resolve HOST:443:127.0.0.1:PORT`). The committed
//!   ledgers must come out byte for byte: when a page, an entry or the judge changes,
//!   `scripts/sample-ledgers.sh` regenerates them.
//!   Tests: `the_sample_ledgers_are_a_real_publishing_run_of_the_sample_sites`.
//! - [`intake`]: `lpdir add` and `lpdir remove`: requests become entry files in the month's folder,
//!   new partners and updates are told apart, and bad input is refused with the loader's located
//!   messages (snapshots) before anything is written.
//!   Tests: `a_new_partner_gets_an_id_from_its_name_and_a_valid_entry`,
//!   `an_update_is_recognised_by_domain_or_normalised_name`, `a_taken_id_gets_another_and_says_so`,
//!   `bad_input_is_refused_with_located_messages_and_nothing_is_written`,
//!   `a_backlog_is_all_or_nothing_with_every_bad_row_by_line`, `a_removal_names_a_listed_partner`,
//!   `add_check_prints_the_partner_facing_report_of_the_new_page`,
//!   `init_starts_a_directory_that_builds_and_never_overwrites`,
//!   `an_entry_is_never_written_through_a_link_out_of_the_site`,
//!   `hostile_requests_never_leave_a_file_the_loader_refuses`,
//!   `an_interrupted_backlog_is_undone_by_the_next_run`,
//!   `a_backlog_killed_at_any_moment_leaves_a_loadable_site`,
//!   `a_backlog_that_fails_halfway_takes_back_what_it_placed`,
//!   `replace_takes_a_second_request_of_the_month_and_only_of_that_month`,
//!   `an_interrupted_replacement_puts_the_earlier_request_back`.
//! - [`output_safety`]: Text from pages and partners cannot fool the reader: no terminal escapes in
//!   `check`'s output, nothing live in the Markdown report, no formulas in `directory.csv`.
//!   Tests: `page_text_cannot_clear_the_screen_or_fake_a_verdict`,
//!   `the_markdown_report_shows_names_and_evidence_as_text`, `csv_cells_never_start_a_formula`.

#[path = "../common/mod.rs"]
mod common;

mod decisions;
mod intake;
mod monthly_run;
mod output_safety;
mod pipeline;
mod sample;
