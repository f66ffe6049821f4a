//! Content and site: loading partner entries and pages, building the static directory, and the
//! located errors for bad input.
//!
//! Index: each module, what it proves, and its tests (`cargo test --test site MODULE::`).
//!
//! - [`build`]: Builds fixture sites and checks what the output says.
//!   Tests: `latest_month_folds_additions_updates_and_removals`, `past_months_can_be_rebuilt`,
//!   `country_pages_list_only_their_partners`,
//!   `dutch_pages_translate_the_interface_not_the_partners`,
//!   `partner_names_are_escaped_everywhere`, `same_input_gives_byte_identical_output`,
//!   `a_failed_build_leaves_the_previous_output_untouched`,
//!   `the_output_never_replaces_the_sources`, `a_sub_path_base_url_moves_every_link`,
//!   `data_files_feed_and_sitemap`, `the_sample_content_builds_a_real_directory`,
//!   `the_committed_schema_matches_lpdir_schema`,
//!   `the_site_links_to_the_self_check_service_when_configured`,
//!   `the_site_says_where_to_apply_and_build_warns_until_it_does`,
//!   `a_description_in_another_language_than_the_page_says_which`,
//!   `names_differing_only_by_a_legal_form_are_one_name_in_the_directory`.
//! - [`build_safety`]: A build never deletes what it did not make and never reads outside the
//!   site's folder: outputs over the sources or over foreign folders are refused, links out of the
//!   root and special files are located errors, and an unreadable folder is an error, not an empty
//!   one.
//!   Tests: `an_output_over_the_sources_is_refused_and_nothing_is_touched`,
//!   `a_foreign_folder_is_never_replaced_but_an_empty_or_own_one_is`,
//!   `links_out_of_the_root_are_neither_copied_nor_printed`, `a_named_pipe_is_an_error_not_a_hang`,
//!   `unreadable_folders_are_errors_not_empty`,
//!   `an_output_through_a_symlink_replaces_the_folder_it_points_to`.
//! - [`browse_pages`]: The directory beyond its list, built from a fixture: partner pages with the
//!   optional facts, country pages without a Country column and with grammatical titles, the
//!   statistics, the embeds and the headers that let only them be framed, and the files machines
//!   read (sitemap, feed, CSV).
//!   Tests: `a_partner_page_shows_its_facts_in_the_page_language`,
//!   `country_pages_have_no_country_column_and_grammatical_titles`,
//!   `the_statistics_page_draws_its_numbers_and_tables_them`, `only_the_embeds_may_be_framed`,
//!   `machines_get_lastmod_partner_links_and_a_spreadsheet_ready_csv`.
//! - [`errors`]: Every kind of bad input gets a clear, located error, all of a run at once, exit
//!   status 2, and nothing written. The reports are snapshots (insta): review them with `cargo
//!   insta review`.
//!   Tests: `yaml_alias_bomb`, `every_problem_of_every_file_in_one_run`,
//!   `schema_command_prints_the_entry_schema`.
//! - [`escaping`]: Names and URLs with quotes and event-handler text add no attribute and no
//!   element to any page of the built site: every page is parsed as a browser would and inspected.
//!   Tests: `hostile_names_and_urls_stay_text_in_every_attribute_and_element`.

#[path = "../common/mod.rs"]
mod common;

mod browse_pages;
mod build;
mod build_safety;
mod errors;
mod escaping;
