//! Fixture tests for the SC4xx lints (values and modifiers, `src/lints/values/`).
//!
//! `tests/fixtures/lints/SC4nn_<what>.yml` are realistic rules that trigger lint `SC4nn`, and
//! `SC4nn_ok_<what>.yml` near misses that must not. [`FIXTURES`] lists, for every such file,
//! the exact and complete list of SC4xx diagnostics as `(code, line, column, message
//! substring)`, with 1-based lines and columns counted in characters. Diagnostics of other
//! groups are ignored here: their fixtures and tests live with them.

use std::path::{Path, PathBuf};

use sigscope::check::{FileReport, check_input, check_source};

use sigscope::diagnostics::Diagnostic;
use sigscope::lint::Severity;
use sigscope::lints::ALL;
use sigscope::settings::Settings;
use sigscope::source::SourceFile;
use sigscope::walk::Input;

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);

struct Case {
    file: &'static str,
    expected: &'static [Expected],
}

const fn case(file: &'static str, expected: &'static [Expected]) -> Case {
    Case { file, expected }
}

const fn clean(file: &'static str) -> Case {
    case(file, &[])
}

static FIXTURES: &[Case] = &[
    case(
        "SC401_case_empty_and_synonym.yml",
        &[
            (
                "SC401",
                17,
                15,
                r#"unknown modifier `EndsWith` in `Image|EndsWith`"#,
            ),
            (
                "SC401",
                18,
                20,
                r#"empty modifier in `CommandLine||contains`"#,
            ),
            (
                "SC401",
                19,
                21,
                r#"unknown modifier `regex` in `ParentImage|regex`"#,
            ),
        ],
    ),
    // Every modifier is known; `utf16le` is not portable.
    case(
        "SC401_ok_every_modifier.yml",
        &[(
            "SC429",
            31,
            17,
            r#"`utf16le` in `Product|utf16le|base64|contains` is unknown to pySigma 2.x"#,
        )],
    ),
    case(
        "SC401_sql_in_and_regex_flags.yml",
        &[
            ("SC401", 17, 15, "unknown modifier `in` in `Image|in`"),
            ("SC401", 20, 21, "unknown modifier `mi` in `CommandLine|mi`"),
            (
                "SC401",
                21,
                24,
                "unknown modifier `ii` in `CommandLine|re|ii`",
            ),
            ("SC401", 23, 14, "unknown modifier `notin` in `User|notin`"),
        ],
    ),
    // What the helps of the fixture above say to write.
    clean("SC401_ok_value_list_and_regex_flags.yml"),
    case(
        "SC401_typo_contians.yml",
        &[(
            "SC401",
            18,
            21,
            r#"unknown modifier `contians` in `CommandLine|contians`"#,
        )],
    ),
    case(
        "SC402_conflicts.yml",
        &[
            (
                "SC402",
                17,
                26,
                r#"`startswith` and `endswith` together match the value anywher"#,
            ),
            ("SC402", 18, 30, r#"`endswith` conflicts with `contains`"#),
            (
                "SC402",
                20,
                30,
                r#"`base64offset` after `contains` would encode the wildcards; "#,
            ),
            (
                "SC402",
                21,
                27,
                r#"`base64offset` without `contains` can never match: its encod"#,
            ),
            (
                "SC402",
                23,
                43,
                r#"`windash` cannot be combined with `all`"#,
            ),
        ],
    ),
    case(
        "SC402_modifier_order.yml",
        &[
            (
                "SC402",
                17,
                30,
                r#"`re` must come directly after the field name, not after `con"#,
            ),
            (
                "SC402",
                19,
                27,
                r#"`cidr` must come directly after the field name, not after `a"#,
            ),
            (
                "SC402",
                23,
                14,
                r#"`exists` cannot be combined with `contains` in `User|exists|contains`"#,
            ),
            (
                "SC402",
                24,
                19,
                r#"`exists` must come directly after the field name, not after `neq`"#,
            ),
            ("SC402", 26, 11, r#"`exists` needs a field name"#),
            (
                "SC402",
                28,
                30,
                r#"`i` is a flag of `re` but `CommandLine|contains|i` has no `r"#,
            ),
        ],
    ),
    // Valid chains; rsigma refuses some that pySigma reads.
    case(
        "SC402_ok_valid_chains.yml",
        &[
            (
                "SC429",
                17,
                24,
                r#"rsigma refuses `re` with `contains` in `CommandLine|re|contains`"#,
            ),
            (
                "SC429",
                18,
                32,
                r#"rsigma refuses `re` with `startswith` in `ParentCommandLine|re|i|startswith`"#,
            ),
            (
                "SC429",
                19,
                26,
                r#"rsigma refuses `fieldref` with `contains` in `LogonId|fieldref|contains`"#,
            ),
        ],
    ),
    // After `base64` there is only ASCII to encode (`utf16-without-base64` says the rest).
    case(
        "SC402_ok_utf16_once.yml",
        &[
            (
                "SC406",
                18,
                40,
                r#"`wide` comes after `base64` in `ParentCommandLine|utf16|base64|wide`"#,
            ),
            (
                "SC429",
                18,
                40,
                r#"rsigma refuses `utf16` with `wide` in `ParentCommandLine|utf16|base64|wide`"#,
            ),
        ],
    ),
    case(
        "SC402_type_chains.yml",
        &[
            (
                "SC402",
                17,
                36,
                r#"`gt` takes a number and cannot follow `contains`"#,
            ),
            (
                "SC402",
                18,
                22,
                r#"`contains` cannot be applied after `gt`"#,
            ),
            ("SC402", 19, 24, r#"`lt` cannot be applied after `gt`"#),
            (
                "SC402",
                21,
                24,
                r#"`base64` cannot be applied to a regular expression (`re`)"#,
            ),
            (
                "SC402",
                23,
                28,
                r#"`contains` cannot be applied to a network (`cidr`)"#,
            ),
            (
                "SC402",
                25,
                26,
                r#"`fieldref` cannot follow `contains`: a field name must not c"#,
            ),
            (
                "SC402",
                26,
                32,
                r#"`cased` cannot be applied to a field reference"#,
            ),
        ],
    ),
    case(
        "SC402_utf16_twice.yml",
        &[
            (
                "SC402",
                17,
                27,
                r#"`wide` after `utf16` cannot encode the byte order mark `utf16` puts first; pySigma rejects it"#,
            ),
            (
                "SC402",
                18,
                33,
                r#"`utf16be` after `utf16` cannot encode the byte order mark"#,
            ),
        ],
    ),
    case(
        "SC403_all_single_value.yml",
        &[
            (
                "SC403",
                17,
                30,
                r#"`all` on a single value in `CommandLine|contains|all`"#,
            ),
            (
                "SC403",
                18,
                36,
                r#"`all` on a single value in `ParentCommandLine|contains|all`"#,
            ),
        ],
    ),
    clean("SC403_ok_all_two_values.yml"),
    case(
        "SC404_equality_all.yml",
        &[(
            "SC404",
            18,
            21,
            r#"`CommandLine|all` can never match: `CommandLine` cannot equa"#,
        )],
    ),
    clean("SC404_ok_all_with_wildcards.yml"),
    clean("SC405_ok_double_base64.yml"),
    case(
        "SC405_repeated.yml",
        &[
            (
                "SC405",
                17,
                30,
                r#"modifier `contains` is applied twice in `CommandLine|contain"#,
            ),
            (
                "SC405",
                18,
                32,
                r#"modifier `ignorecase` repeats `i` in `ParentCommandLine|re|i"#,
            ),
        ],
    ),
    clean("SC406_ok_wide_then_base64offset.yml"),
    case(
        "SC406_wide_without_base64.yml",
        &[
            (
                "SC406",
                17,
                21,
                r#"`wide` without `base64` or `base64offset` after it in `Comma"#,
            ),
            (
                "SC406",
                18,
                34,
                r#"`utf16le` comes after `base64` in `ParentCommandLine|base64|"#,
            ),
            (
                "SC429",
                18,
                34,
                r#"`utf16le` in `ParentCommandLine|base64|utf16le|contains` is unknown to pySigma 2.x"#,
            ),
        ],
    ),
    case(
        "SC407_no_placeholder.yml",
        &[
            (
                "SC407",
                18,
                33,
                r#"`%DomainControllers*%` is not a placeholder: a placeholder name may not contain"#,
            ),
            (
                "SC407",
                19,
                33,
                r#"`SubjectUserName|expand` has `expand` but the value `'ANONYM"#,
            ),
        ],
    ),
    clean("SC407_ok_placeholders.yml"),
    clean("SC408_ok_environment_variables.yml"),
    case(
        "SC408_placeholder_literal.yml",
        &[
            (
                "SC408",
                19,
                26,
                r#"`%Workstations%` is a standard Sigma placeholder, but `Works"#,
            ),
            (
                "SC408",
                20,
                20,
                r#"`%legit_ips%` looks like a placeholder, but `IpAddress` has "#,
            ),
            (
                "SC408",
                24,
                26,
                r#"`%admin_accounts%` is used with `expand` elsewhere in this r"#,
            ),
        ],
    ),
    case(
        "SC409_ok_value_types.yml",
        &[(
            "SC429",
            22,
            26,
            r#"rsigma refuses `fieldref` with `contains` in `LogonId|fieldref|contains`"#,
        )],
    ),
    case(
        "SC409_wrong_value_types.yml",
        &[
            (
                "SC409",
                17,
                27,
                r#"`contains` takes a string, found the number `4688`"#,
            ),
            (
                "SC409",
                18,
                9,
                r#"`contains` takes a string, found null (an empty value)"#,
            ),
            (
                "SC409",
                20,
                31,
                r#"`gt` takes a number, found the string `'1'`"#,
            ),
            (
                "SC409",
                22,
                22,
                r#"`exists` takes `true` or `false`, found the string `'true'`"#,
            ),
            (
                "SC409",
                24,
                48,
                r#"`base64offset` cannot encode the wildcard `*`; pySigma rejec"#,
            ),
            (
                "SC409",
                25,
                34,
                r#"`fieldref` takes a field name, which cannot contain the wild"#,
            ),
        ],
    ),
    case(
        "SC410_bad_networks.yml",
        &[
            (
                "SC410",
                18,
                15,
                r#"invalid CIDR network `10.0.0.0/33`: the prefix length `33` i"#,
            ),
            (
                "SC410",
                19,
                15,
                r#"invalid CIDR network `192.168.1.10/24`: host bits are set"#,
            ),
            (
                "SC410",
                20,
                15,
                r#"invalid CIDR network `10.0.300.0/8`: `10.0.300.0` is not a v"#,
            ),
            (
                "SC410",
                21,
                15,
                r#"invalid CIDR network `fe80:::/10`: `fe80:::` is not a valid "#,
            ),
            (
                "SC410",
                22,
                15,
                r#"invalid CIDR network `::/129`: the prefix length `129` is no"#,
            ),
        ],
    ),
    clean("SC410_ok_networks.yml"),
    clean("SC411_ok_in_range.yml"),
    case(
        "SC411_out_of_range.yml",
        &[
            (
                "SC411",
                18,
                27,
                r#"`24` out of range: `hour` gives a number from 0 to 23"#,
            ),
            (
                "SC411",
                20,
                15,
                r#"`60` out of range: `minute` gives a number from 0 to 59"#,
            ),
            (
                "SC411",
                21,
                15,
                r#"`7.5` is not a whole number, but `minute` gives whole number"#,
            ),
            (
                "SC411",
                22,
                28,
                r#"`13` out of range: `month` gives a number from 1 to 12"#,
            ),
            (
                "SC411",
                23,
                26,
                r#"`0` out of range: `day` gives a number from 1 to 31"#,
            ),
            (
                "SC411",
                24,
                27,
                r#"`54` out of range: `week` gives a number from 1 to 53"#,
            ),
            ("SC411", 25, 27, r#"`-1` is a year and cannot be negative"#),
        ],
    ),
    case(
        "SC412_invalid_patterns.yml",
        &[
            (
                "SC412",
                17,
                28,
                r#"invalid regular expression in `CommandLine|re`: a `(` has no"#,
            ),
            (
                "SC412",
                19,
                21,
                r#"invalid regular expression in `Image|re`: a character range "#,
            ),
            (
                "SC412",
                21,
                28,
                r#"invalid regular expression in `ParentImage|re`: `*` follows "#,
            ),
            (
                "SC412",
                23,
                31,
                r#"invalid regular expression in `OriginalFileName|re`: `\q` is"#,
            ),
            (
                "SC412",
                25,
                32,
                r#"invalid regular expression in `Description|re`: a `(` has no"#,
            ),
        ],
    ),
    clean("SC412_ok_valid_patterns.yml"),
    clean("SC413_ok_common_syntax.yml"),
    case(
        "SC413_pcre_only.yml",
        &[
            (
                "SC413",
                17,
                36,
                r#"regular expression in `CommandLine|re` uses a negative look-"#,
            ),
            (
                "SC413",
                19,
                41,
                r#"regular expression in `ParentCommandLine|re` uses a backrefe"#,
            ),
            (
                "SC413",
                21,
                20,
                r#"regular expression in `Image|re` uses an atomic group `(?>`,"#,
            ),
            (
                "SC413",
                23,
                33,
                r#"regular expression in `OriginalFileName|re` uses a possessiv"#,
            ),
            (
                "SC437",
                25,
                27,
                r#"regular expression in `Description|re` uses a `{` that is not a repetition, which regular expression engines read differently"#,
            ),
            (
                "SC413",
                27,
                41,
                r#"regular expression in `CommandLine|re` uses a repetition count over 1000 (`{1500,}`)"#,
            ),
            (
                "SC413",
                29,
                56,
                r#"uses `{20,40}` on a group that already repeats 76 times (3040 copies)"#,
            ),
        ],
    ),
    case(
        "SC414_null_in_list.yml",
        &[
            (
                "SC414",
                20,
                15,
                r#"null value (`null`) in the value list of `PasswordLastSet`"#,
            ),
            (
                "SC414",
                23,
                9,
                r#"null value (an empty item) in the value list of the keywords"#,
            ),
        ],
    ),
    clean("SC414_ok_null_selection.yml"),
    case(
        "SC415_empty_list.yml",
        &[(
            "SC415",
            18,
            31,
            r#"`CommandLine|contains` has an empty list of values"#,
        )],
    ),
    clean("SC415_ok_empty_string_and_null.yml"),
    clean("SC416_ok_exists_modifier.yml"),
    case(
        "SC416_star_as_exists.yml",
        &[
            (
                "SC416",
                19,
                20,
                r#"`userAgent: '*'` tests that `userAgent` exists"#,
            ),
            (
                "SC416",
                21,
                29,
                r#"`errorCode|contains: '*'` tests that `errorCode` exists"#,
            ),
        ],
    ),
    case(
        "SC417_double_star.yml",
        &[
            (
                "SC417",
                17,
                42,
                r#"`**` in a value of `TargetFilename|contains`"#,
            ),
            ("SC417", 18, 34, r#"`***` in a value of `CommandLine`"#),
        ],
    ),
    clean("SC417_ok_single_stars.yml"),
    case(
        "SC418_escaped_star_in_path.yml",
        &[
            (
                "SC418",
                17,
                45,
                r#"`\*` in a value of `TargetFilename|startswith` is a literal "#,
            ),
            (
                "SC418",
                18,
                42,
                r#"`\?` in a value of `CommandLine|contains` is a literal `?`, "#,
            ),
        ],
    ),
    clean("SC418_ok_backslash_then_wildcard.yml"),
    clean("SC419_ok_single_quotes_and_blocks.yml"),
    case(
        "SC419_tab_in_double_quotes.yml",
        &[
            // `double-quoted-escape` reports a one-character escape, with a fix.
            (
                "SC425",
                17,
                30,
                r#"`\t` in a double-quoted value of `Image|startswith` is a con"#,
            ),
            (
                "SC419",
                18,
                32,
                r#"`\x1b` in a double-quoted value of `CommandLine|contains` is"#,
            ),
            (
                "SC425",
                19,
                32,
                r#"`\t` in a double-quoted value of `CommandLine|endswith` is a"#,
            ),
            (
                "SC419",
                19,
                39,
                r#"`\x07` in a double-quoted value of `CommandLine|endswith` is a control character (U+0007, bell)"#,
            ),
            (
                "SC419",
                20,
                36,
                r#"a value of `ParentCommandLine` contains a control character (U+0009, tab)"#,
            ),
            // A tab typed between double quotes, beside an escape.
            (
                "SC419",
                21,
                27,
                r#"a value of `OriginalFileName` contains a control character (U+0009, tab)"#,
            ),
            (
                "SC419",
                21,
                32,
                r#"`\x00` in a double-quoted value of `OriginalFileName` is a control character (U+0000, NUL)"#,
            ),
        ],
    ),
    clean("SC420_ok_strings_that_look_like_numbers.yml"),
    case(
        "SC420_quoted_event_id.yml",
        &[
            (
                "SC420",
                17,
                18,
                r#"the number `4688` of `EventID` is quoted as a string"#,
            ),
            (
                "SC420",
                19,
                15,
                r#"the number `3` of `LogonType` is quoted as a string"#,
            ),
        ],
    ),
    case(
        "SC421_duplicate_values.yml",
        &[
            (
                "SC421",
                20,
                15,
                r#"duplicate value `'\CertUtil.exe'` in `Image|endswith`"#,
            ),
            (
                "SC420",
                23,
                15,
                r#"the number `4688` of `EventID` is quoted as a string"#,
            ),
            ("SC421", 23, 15, r#"duplicate value `'4688'` in `EventID`"#),
            (
                "SC421",
                26,
                11,
                r#"duplicate value `'MIMIKATZ'` in the keywords of `keywords`"#,
            ),
        ],
    ),
    clean("SC421_ok_case_sensitive_values.yml"),
    case(
        "SC422_leftover_markers.yml",
        &[
            ("SC422", 19, 16, r#"`TODO` left in a detection value"#),
            (
                "SC422",
                20,
                17,
                r#"`<insert bucket name>` left in a detection value"#,
            ),
            ("SC422", 21, 21, r#"`XXX` left in a detection value"#),
        ],
    ),
    clean("SC422_ok_real_values.yml"),
    clean("SC423_ok_quoted_scalars.yml"),
    case(
        "SC423_yaml11_scalars.yml",
        &[
            (
                "SC423",
                17,
                18,
                r#"`yes` is the boolean `true` in YAML 1.1 (pySigma) but the st"#,
            ),
            (
                "SC423",
                18,
                22,
                r#"`0755` is the number 493 in YAML 1.1 (pySigma) but 755 in YA"#,
            ),
            (
                "SC423",
                19,
                19,
                r#"`1:20` is the number 80 in YAML 1.1 (pySigma) but a string i"#,
            ),
            (
                "SC423",
                20,
                15,
                r#"`1_000` is the number 1000 in YAML 1.1 (pySigma) but a strin"#,
            ),
            (
                "SC423",
                21,
                27,
                r#"`00000429` is a number in YAML 1.2 but the string `00000429`"#,
            ),
            (
                "SC423",
                22,
                17,
                r#"`n` is a boolean in the YAML 1.1 specification but a string "#,
            ),
            (
                "SC423",
                23,
                14,
                r#"`2024-01-02` is a date in YAML 1.1 (pySigma) but a string in"#,
            ),
        ],
    ),
    case(
        "SC424_comparison_as_string.yml",
        &[
            (
                "SC424",
                20,
                19,
                r#"`'> 1000000'` of `BytesOut` is a comparison written as a string: it matches only that literal text"#,
            ),
            (
                "SC424",
                21,
                26,
                r#"`'>=1024'` of `DestinationPort` is a comparison"#,
            ),
            ("SC404", 23, 24, r#"`SessionSeconds|all` can never match"#),
            (
                "SC424",
                24,
                15,
                r#"`'>5'` of `SessionSeconds|all` is a comparison"#,
            ),
            (
                "SC424",
                25,
                15,
                r#"`'<60'` of `SessionSeconds|all` is a comparison"#,
            ),
            (
                "SC424",
                28,
                15,
                r#"`'<= 1023'` of `SourcePort` is a comparison"#,
            ),
            (
                "SC424",
                29,
                15,
                r#"`' == 0 '` of `SourcePort` is a comparison"#,
            ),
            ("SC424", 30, 14, r#"`"<10"` of `ttl` is a comparison"#),
            (
                "SC424",
                32,
                28,
                r#"`'!= 0'` of `DestinationIsIpv6` is a comparison"#,
            ),
            ("SC424", 33, 17, r#"`'< -0.5'` of `Jitter` is a comparison"#),
        ],
    ),
    clean("SC424_ok_redirects_and_markup.yml"),
    case(
        "SC425_double_quoted_escape.yml",
        &[
            (
                "SC425",
                18,
                16,
                r#"`\P` in a double-quoted value of `Image|endswith` is an invisible character (U+2029, paragraph separator), not a backslash"#,
            ),
            (
                "SC425",
                19,
                16,
                r#"`\P` in a double-quoted value of `Image|endswith`"#,
            ),
            (
                "SC425",
                21,
                41,
                r#"`\t` in a double-quoted value of `CurrentDirectory|startswith` is a control character (U+0009, tab)"#,
            ),
            (
                "SC425",
                22,
                26,
                r#"`\b` in a double-quoted value of `Image|endswith` is a control character (U+0008, backspace)"#,
            ),
            (
                "SC425",
                22,
                30,
                r#"`\n` in a double-quoted value of `Image|endswith` is a control character (U+000A, line feed)"#,
            ),
            (
                "SC425",
                23,
                54,
                r#"`\_` in a double-quoted value of `ParentImage|contains` is an invisible character (U+00A0, no-break space)"#,
            ),
            (
                "SC425",
                25,
                46,
                r#"`\r` in a double-quoted value of `CommandLine|contains`"#,
            ),
            (
                "SC425",
                25,
                48,
                r#"`\n` in a double-quoted value of `CommandLine|contains`"#,
            ),
            (
                "SC425",
                26,
                41,
                r#"`\t` in a double-quoted value of `OriginalFileName`"#,
            ),
            (
                "SC425",
                28,
                33,
                r#"`\0` in a double-quoted value of the keywords of `keywords` is a control character (U+0000, NUL)"#,
            ),
        ],
    ),
    clean("SC425_ok_escapes_that_are_meant.yml"),
    case(
        "SC426_boolean_under_modifier.yml",
        &[
            (
                "SC426",
                21,
                15,
                r#"`off` is the boolean `false` for pySigma (YAML 1.1), which `contains` refuses: pySigma cannot load the rule"#,
            ),
            (
                "SC426",
                25,
                15,
                r#"`No` is the boolean `false` for pySigma (YAML 1.1), which `contains` refuses"#,
            ),
            (
                "SC426",
                27,
                39,
                r#"`YES` is the boolean `true` for pySigma (YAML 1.1), which `windash` refuses"#,
            ),
            (
                "SC426",
                30,
                15,
                r#"`On` is the boolean `true` for pySigma (YAML 1.1), which `endswith` refuses"#,
            ),
            (
                "SC426",
                32,
                23,
                r#"`on` is the boolean `true` for pySigma (YAML 1.1), which `hour` refuses"#,
            ),
        ],
    ),
    // pySigma loads these: `yaml11-ambiguous-scalar` keeps its warning.
    case(
        "SC426_ok_boolean_that_loads.yml",
        &[
            (
                "SC423",
                23,
                18,
                r#"`off` is the boolean `false` in YAML 1.1 (pySigma) but the string `off` in YAML 1.2"#,
            ),
            (
                "SC423",
                24,
                20,
                r#"`Yes` is the boolean `true` in YAML 1.1"#,
            ),
            (
                "SC423",
                25,
                19,
                r#"`off` is the boolean `false` in YAML 1.1"#,
            ),
            (
                "SC423",
                28,
                11,
                r#"`no` is the boolean `false` in YAML 1.1"#,
            ),
        ],
    ),
    case(
        "SC427_accented_text_under_wide.yml",
        &[
            (
                "SC427",
                17,
                60,
                r#"`é` in a value of `CommandLine|wide|base64offset|contains` cannot be encoded by `wide`: pySigma refuses the rule"#,
            ),
            (
                "SC427",
                21,
                36,
                r#"`€` in a value of `CommandLine|utf16be|base64offset|contains` cannot be encoded by `utf16be`"#,
            ),
            (
                "SC427",
                23,
                41,
                r#"`é` in a value of `ScriptBlockText|utf16|base64` cannot be encoded by `utf16`"#,
            ),
        ],
    ),
    // After `base64` there is only ASCII to encode (`utf16-without-base64` says the rest).
    case(
        "SC427_ok_encodable_text.yml",
        &[(
            "SC406",
            21,
            28,
            r#"`wide` comes after `base64` in `CommandLine|base64|wide`"#,
        )],
    ),
    case(
        "SC428_unquoted_inf_extension.yml",
        &[
            (
                "SC428",
                19,
                15,
                r#"`.inf` in `TargetFilename|endswith` is an infinite number in YAML, which pySigma refuses to load"#,
            ),
            (
                "SC428",
                22,
                11,
                r#"`.INF` in the keywords of `keywords` is an infinite number"#,
            ),
            (
                "SC428",
                23,
                11,
                r#"`-.inf` in the keywords of `keywords` is an infinite number"#,
            ),
            (
                "SC428",
                24,
                11,
                r#"`.NaN` in the keywords of `keywords` is not-a-number in YAML"#,
            ),
        ],
    ),
    clean("SC428_ok_quoted_and_numbers.yml"),
    case(
        "SC429_refused_by_one_converter.yml",
        &[
            (
                "SC429",
                17,
                21,
                r#"`utf16le` in `CommandLine|utf16le|base64offset|contains` is unknown to pySigma 2.x, which refuses the rule"#,
            ),
            (
                "SC429",
                19,
                24,
                r#"rsigma refuses `re` with `contains` in `CommandLine|re|contains`"#,
            ),
            (
                "SC429",
                20,
                30,
                r#"rsigma refuses `re` with `expand` in `ParentCommandLine|re|expand`"#,
            ),
            (
                "SC429",
                22,
                24,
                r#"rsigma refuses `fieldref` with `endswith` in `Image|fieldref|endswith`"#,
            ),
            (
                "SC429",
                24,
                33,
                r#"rsigma refuses `wide` with `utf16be` in `CommandLine|wide|base64|utf16be|base64offset|contains`"#,
            ),
            (
                "SC429",
                25,
                34,
                r#"rsigma refuses `base64` with `base64offset` in `ParentCommandLine|base64|base64offset|contains`"#,
            ),
        ],
    ),
    clean("SC429_ok_portable_modifiers.yml"),
    case(
        "SC431_wildcards_for_modifiers.yml",
        &[
            (
                "SC431",
                17,
                9,
                r#"`*` at the start of the value of `Image` instead of `endswith`"#,
            ),
            (
                "SC431",
                19,
                9,
                r#"`*` at both ends of every value of `CommandLine` instead of `contains`"#,
            ),
            (
                "SC431",
                24,
                11,
                r#"`*` at the end of the value of `ParentImage` instead of `startswith`"#,
            ),
            (
                "SC431",
                25,
                11,
                r#"`*` at both ends of the value of `ParentCommandLine` instead of `contains`"#,
            ),
        ],
    ),
    // pySigma reports `*\Temp\*` (its last `*` is escaped), `'\explorer.exe*'` under
    // `endswith` and `'**'`; the first is `escaped-wildcard`'s, the last `wildcard-as-exists`'s.
    case(
        "SC431_ok_wildcards_that_stay.yml",
        &[
            (
                "SC418",
                24,
                34,
                r#"`\*` in a value of `CurrentDirectory` is a literal `*`"#,
            ),
            ("SC416", 33, 15, r#"`User: '*'` tests that `User` exists"#),
            (
                "SC416",
                34,
                18,
                r#"`Company: '**'` tests that `Company` exists"#,
            ),
        ],
    ),
    case(
        "SC432_malformed_hashes.yml",
        &[
            (
                "SC432",
                19,
                16,
                r#"`SHA512` in `Hashes|contains` is not a hash algorithm Sysmon logs"#,
            ),
            (
                "SC432",
                20,
                23,
                r#"the SHA256 hash `123456` in `Hashes|contains` has 6 hex digits, not 64"#,
            ),
            (
                "SC432",
                21,
                55,
                r#"`g` in the IMPHASH hash `4fae81eb7018069e75a087c38af783dg` of `Hashes|contains` is not a hex digit"#,
            ),
            (
                "SC432",
                22,
                16,
                r#"`azerty` in `Hashes|contains` is not one `ALGORITHM=hash` pair"#,
            ),
            (
                "SC432",
                24,
                15,
                r#"`1234` in `Hash` is not an `ALGORITHM=hash` text"#,
            ),
            (
                "SC432",
                25,
                18,
                r#"`99AE9C73E9BEE6F9C76D6F4093A9882DF06832CF` in `Hashes` is not one `ALGORITHM=hash` pair"#,
            ),
        ],
    ),
    // Any case of the algorithm, `IMPHASH=` alone, a bare hash under `contains`, a regex, and
    // a field that is not Sysmon's.
    clean("SC432_ok_valid_hashes.yml"),
    case(
        "SC433_localized_user_names.yml",
        &[
            (
                "SC433",
                17,
                19,
                r#"`User` matches the account name `'NT AUTHORITY\SYSTEM'` in one language only"#,
            ),
            (
                "SC433",
                19,
                16,
                r#"`ParentUser|contains` matches the account name `'AUTORITE NT'` in one language only"#,
            ),
        ],
    ),
    // Both spellings, a user field without the account, the account in a field without `user`.
    clean("SC433_ok_every_language.yml"),
    case(
        "SC437_engine_dependent.yml",
        &[
            (
                "SC437",
                17,
                33,
                r#"regular expression in `CommandLine|re` uses a `{` that is not a repetition, which regular expression engines read differently"#,
            ),
            (
                "SC437",
                19,
                26,
                r#"regular expression in `CommandLine|re` uses `\Q…\E` quoting `\Q`"#,
            ),
            (
                "SC437",
                21,
                37,
                r#"regular expression in `ScriptBlockText|re` uses a `{` that is not a repetition"#,
            ),
        ],
    ),
    clean("SC437_ok_repetitions.yml"),
];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints")
}

fn run(name: &str) -> FileReport {
    check_input(
        &Input::File(fixtures_dir().join(name)),
        &Settings::default(),
    )
}

fn at(report: &FileReport, offset: usize) -> (usize, usize) {
    let lc = report.source.line_col(offset);
    (lc.line, lc.column)
}

fn ours(report: &FileReport) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code().starts_with("SC4"))
        .collect()
}

fn dump(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = at(report, d.span.start);
            format!("  {} {line}:{col} {}\n", d.code(), d.message)
        })
        .collect()
}

/// The only diagnostic of `code` in a fixture, with its text.
fn only<'r>(report: &'r FileReport, code: &str, line: usize) -> &'r Diagnostic {
    let found: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code && at(report, d.span.start).0 == line)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {code} on line {line}:\n{}",
        dump(report)
    );
    found[0]
}

fn text<'r>(report: &'r FileReport, span: &std::ops::Range<usize>) -> &'r str {
    &report.source.text[span.clone()]
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

#[test]
fn fixtures_give_exactly_the_expected_diagnostics() {
    for c in FIXTURES {
        let report = run(c.file);
        let got: Vec<(&str, usize, usize)> = ours(&report)
            .iter()
            .map(|d| {
                let (line, col) = at(&report, d.span.start);
                (d.code(), line, col)
            })
            .collect();
        let want: Vec<(&str, usize, usize)> = c.expected.iter().map(|e| (e.0, e.1, e.2)).collect();
        assert_eq!(got, want, "{}: got\n{}", c.file, dump(&report));
        for (d, e) in ours(&report).iter().zip(c.expected) {
            assert!(
                d.message.contains(e.3),
                "{}: {} message {:?} lacks {:?}",
                c.file,
                e.0,
                d.message,
                e.3
            );
            // Messages start lowercase (or with a code span) and have no trailing period.
            assert!(!d.message.ends_with('.'), "{}: {:?}", c.file, d.message);
            assert!(
                !d.message.starts_with(|ch: char| ch.is_uppercase()),
                "{}: {:?}",
                c.file,
                d.message
            );
            assert!(d.help.is_some(), "{}: {} has no help", c.file, e.0);
            // Spans stay on character boundaries and inside the file.
            assert!(report.source.text.get(d.span.clone()).is_some());
        }
    }
}

#[test]
fn every_sc4_fixture_is_listed_and_every_lint_has_one() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("SC4"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|c| c.file.to_owned()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "SC4 fixtures on disk and in FIXTURES differ"
    );
    for lint in ALL.iter().filter(|l| l.code.starts_with("SC4")) {
        let prefix = format!("{}_", lint.code);
        let trigger = FIXTURES.iter().any(|c| {
            c.file.starts_with(&prefix)
                && !c.file.contains("_ok_")
                && c.expected.iter().any(|e| e.0 == lint.code)
        });
        let near_miss = FIXTURES
            .iter()
            .any(|c| c.file.starts_with(&prefix) && c.file.contains("_ok_"));
        assert!(trigger, "{} has no triggering fixture", lint.code);
        assert!(near_miss, "{} has no `_ok_` fixture", lint.code);
    }
}

// ---------------------------------------------------------------------------------------------
// Documentation examples: *Example* triggers the lint, *Use instead* does not
// ---------------------------------------------------------------------------------------------

/// The first ```yaml block after `heading`.
fn yaml_block(doc: &str, heading: &str) -> String {
    let after = doc.split(heading).nth(1).unwrap_or_default();
    let start = after.find("```yaml\n").map(|i| i + 8).unwrap_or_default();
    let end = after[start..]
        .find("```")
        .map_or(after.len(), |i| start + i);
    after[start..end].to_owned()
}

fn rule_with(detection: &str) -> String {
    format!(
        "title: Documentation Example\nid: 5b0f4c1e-3a53-4d8e-9b6f-0c1d2e3f4a5b\nstatus: test\ndescription: An example from the lint documentation\nauthor: sigscope tests\ndate: 2025-01-02\nlogsource:\n    category: process_creation\n    product: windows\n{detection}level: medium\n"
    )
}

#[test]
fn documentation_examples_trigger_and_fixes_do_not() {
    for lint in ALL.iter().filter(|l| l.code.starts_with("SC4")) {
        let doc = lint.documentation();
        for (heading, should) in [("## Example", true), ("## Use instead", false)] {
            let text = rule_with(&yaml_block(&doc, heading));
            let source = SourceFile::new(format!("{}.yml", lint.code), text.as_str());
            let diags = check_source(&source, &Settings::default());
            let fired = diags.iter().any(|d| d.code() == lint.code);
            assert_eq!(
                fired,
                should,
                "{} `{heading}`:\n{text}\n{:?}",
                lint.code,
                diags
                    .iter()
                    .map(|d| format!("{} {}", d.code(), d.message))
                    .collect::<Vec<_>>()
            );
            if !should {
                let ours: Vec<_> = diags
                    .iter()
                    .filter(|d| d.code().starts_with("SC4"))
                    .map(|d| format!("{} {}", d.code(), d.message))
                    .collect();
                assert!(
                    ours.is_empty(),
                    "{} `{heading}` is not clean: {ours:?}",
                    lint.code
                );
            }
        }
    }
}

#[test]
fn severities_are_the_documented_ones() {
    use Severity::{Error, Info, Warning};
    let want = [
        ("SC401", Error),
        ("SC402", Error),
        ("SC403", Error),
        ("SC404", Error),
        ("SC405", Warning),
        ("SC406", Warning),
        ("SC407", Warning),
        ("SC408", Warning),
        ("SC409", Error),
        ("SC410", Error),
        ("SC411", Error),
        ("SC412", Error),
        ("SC413", Error),
        ("SC414", Error),
        ("SC415", Error),
        ("SC416", Info),
        ("SC417", Info),
        ("SC418", Info),
        ("SC419", Warning),
        ("SC420", Info),
        ("SC421", Warning),
        ("SC422", Warning),
        ("SC423", Warning),
        ("SC424", Error),
        ("SC425", Warning),
        ("SC426", Error),
        ("SC427", Error),
        ("SC428", Error),
        ("SC429", Warning),
        ("SC431", Info),
        ("SC432", Warning),
        ("SC433", Warning),
        ("SC437", Warning),
    ];
    let got: Vec<(&str, Severity)> = ALL
        .iter()
        .filter(|l| l.code.starts_with("SC4"))
        .map(|l| (l.code, l.default_severity))
        .collect();
    assert_eq!(got, want);
    for lint in ALL.iter().filter(|l| l.code.starts_with("SC4")) {
        // Each doc states why it has its severity.
        let doc = lint.doc.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            doc.to_lowercase().contains("the severity is"),
            "{}: the doc does not state the reason for its severity",
            lint.code
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Details: suggestions, labels, spans inside values
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_modifiers_get_suggestions() {
    let report = run("SC401_typo_contians.yml");
    let d = only(&report, "SC401", 18);
    assert_eq!(text(&report, &d.span), "contians");
    assert_eq!(help(d), "did you mean `contains`?");

    let report = run("SC401_case_empty_and_synonym.yml");
    let d = only(&report, "SC401", 17);
    assert!(
        help(d).contains("case-sensitive: write `endswith`"),
        "{}",
        help(d)
    );
    let d = only(&report, "SC401", 18);
    assert_eq!(text(&report, &d.span), "|");
    let d = only(&report, "SC401", 19);
    assert_eq!(help(d), "did you mean `re`?");
}

/// `|in` is SQL's `IN`, not a misspelt regex flag: a flag is offered only after `re`.
#[test]
fn unknown_modifier_offers_only_what_fits_its_place() {
    let report = run("SC401_sql_in_and_regex_flags.yml");
    let helps: Vec<(usize, &str)> = [17, 20, 21, 23]
        .into_iter()
        .map(|line| (line, help(only(&report, "SC401", line))))
        .collect();
    assert_eq!(
        helps,
        [
            (
                17,
                "remove `|in` and list the values under `Image`: a list already matches any of its values"
            ),
            (
                20,
                "use one of the modifiers of the Sigma specification, e.g. `contains`, `startswith`, `endswith`, `re`, `all`"
            ),
            (21, "did you mean `i`?"),
            (
                23,
                "list the values under `User` in a selection of their own and exclude it in the condition, e.g. `selection and not filter`"
            ),
        ]
    );
}

#[test]
fn combination_errors_label_both_modifiers() {
    let report = run("SC402_modifier_order.yml");
    let d = only(&report, "SC402", 17);
    assert_eq!(text(&report, &d.span), "re");
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(text(&report, &d.secondary[0].span), "contains");
    assert!(help(d).contains("`CommandLine|re|contains`"), "{}", help(d));

    let report = run("SC402_conflicts.yml");
    let d = only(&report, "SC402", 20);
    assert_eq!(text(&report, &d.span), "base64offset");
    assert!(
        help(d).contains("`CommandLine|base64offset|contains`"),
        "{}",
        help(d)
    );
    let d = only(&report, "SC402", 21);
    assert!(help(d).contains("`ParentCommandLine|base64offset|contains`"));
}

#[test]
fn value_lints_label_the_other_occurrence() {
    let report = run("SC421_duplicate_values.yml");
    let d = only(&report, "SC421", 20);
    assert_eq!(text(&report, &d.span), r"'\CertUtil.exe'");
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(at(&report, d.secondary[0].span.start), (18, 15));
    assert_eq!(d.secondary[0].message, "first listed here");

    let report = run("SC404_equality_all.yml");
    let d = only(&report, "SC404", 18);
    assert_eq!(text(&report, &d.span), "all");
    assert_eq!(text(&report, &d.secondary[0].span), "'user'");
    assert!(help(d).contains("`CommandLine|contains|all`"));

    let report = run("SC403_all_single_value.yml");
    let d = only(&report, "SC403", 17);
    assert_eq!(text(&report, &d.secondary[0].span), "'whoami'");
}

#[test]
fn regex_errors_point_inside_the_pattern() {
    let report = run("SC412_invalid_patterns.yml");
    let cases = [
        (17, "("),
        (19, "z-a"),
        (21, "*"),
        (23, r"\q"),
        // `''` in the source stands for one `'` of the value; the mapping accounts for it.
        (25, "("),
    ];
    for (line, marked) in cases {
        let d = only(&report, "SC412", line);
        assert_eq!(text(&report, &d.span), marked, "line {line}");
    }
    let report = run("SC413_pcre_only.yml");
    // Line 19 is single-quoted with a doubled `''`: still mapped into the pattern.
    for (line, marked) in [
        (17, "(?!"),
        (19, r"\1"),
        (21, "(?>"),
        (23, "++"),
        (27, "{1500,}"),
        (29, "{20,40}"),
    ] {
        let d = only(&report, "SC413", line);
        assert_eq!(text(&report, &d.span), marked, "line {line}");
    }
}

#[test]
fn markers_and_escapes_are_marked_inside_the_value() {
    let report = run("SC422_leftover_markers.yml");
    for (line, marked) in [(19, "TODO"), (20, "<insert bucket name>"), (21, "XXX")] {
        let d = only(&report, "SC422", line);
        assert_eq!(text(&report, &d.span), marked);
    }
    let report = run("SC418_escaped_star_in_path.yml");
    let d = only(&report, "SC418", 17);
    assert_eq!(text(&report, &d.span), r"\*");
    assert!(help(d).contains(r"`\\*`"), "{}", help(d));
    let report = run("SC417_double_star.yml");
    assert_eq!(text(&report, &only(&report, "SC417", 18).span), "***");
    let report = run("SC419_tab_in_double_quotes.yml");
    let d = only(&report, "SC419", 18);
    assert_eq!(text(&report, &d.span), r"\x1b");
    assert!(help(d).contains("single quotes"));
    let report = run("SC425_double_quoted_escape.yml");
    let marked: Vec<&str> = ours(&report)
        .iter()
        .map(|d| text(&report, &d.span))
        .collect();
    assert_eq!(
        marked,
        [
            r"\P", r"\P", r"\t", r"\b", r"\n", r"\_", r"\r", r"\n", r"\t", r"\0"
        ]
    );
    let report = run("SC407_no_placeholder.yml");
    let d = only(&report, "SC407", 18);
    assert_eq!(text(&report, &d.span), "%DomainControllers*%");
    assert!(help(d).contains("`%DomainControllers_%`"), "{}", help(d));
}

#[test]
fn trailing_comments_are_not_part_of_the_value() {
    // The YAML tree's span of a quoted scalar runs on over a trailing comment.
    let report = run("SC416_star_as_exists.yml");
    let d = only(&report, "SC416", 21);
    assert_eq!(text(&report, &d.span), "'*'");
    assert!(!d.message.contains('#'), "{}", d.message);
    assert_eq!(help(d), "write `errorCode|exists: true`");
}

#[test]
fn fixes_are_spelled_out() {
    let report = run("SC409_wrong_value_types.yml");
    assert_eq!(
        help(only(&report, "SC409", 17)),
        "quote the value: `'4688'`"
    );
    assert_eq!(
        help(only(&report, "SC409", 20)),
        "write the number without quotes: `1`"
    );
    // An empty value has no extent: the key is marked.
    let d = only(&report, "SC409", 18);
    assert_eq!(text(&report, &d.span), "CommandLine|contains");
    let report = run("SC410_bad_networks.yml");
    assert_eq!(
        help(only(&report, "SC410", 19)),
        "write the network address: `192.168.1.0/24`"
    );
    let report = run("SC408_placeholder_literal.yml");
    assert_eq!(
        help(only(&report, "SC408", 19)),
        "add the modifier: `WorkstationName|expand: '%Workstations%'`"
    );
    let report = run("SC423_yaml11_scalars.yml");
    assert_eq!(
        help(only(&report, "SC423", 17)),
        "quote it (`'yes'`) if the text is meant, or write `true`"
    );
    let report = run("SC420_quoted_event_id.yml");
    assert_eq!(
        help(only(&report, "SC420", 17)),
        "write it without quotes: `EventID: 4688`"
    );
    let report = run("SC424_comparison_as_string.yml");
    for (line, want) in [
        (20, "use the `gt` modifier: `BytesOut|gt: 1000000`"),
        (21, "use the `gte` modifier: `DestinationPort|gte: 1024`"),
        (28, "use the `lte` modifier: `SourcePort|lte: 1023`"),
        (29, "write the number alone: `SourcePort: 0`"),
        (
            32,
            "use the `neq` modifier (`DestinationIsIpv6|neq: 0`), or match `DestinationIsIpv6: 0` in a selection excluded with `not` in the condition",
        ),
        (33, "use the `lt` modifier: `Jitter|lt: -0.5`"),
    ] {
        assert_eq!(help(only(&report, "SC424", line)), want, "line {line}");
    }
    // A fix only for a single value of a key without modifiers, and only with `--unsafe-fixes`.
    let fixable: Vec<usize> = ours(&report)
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| at(&report, d.span.start).0)
        .collect();
    assert_eq!(fixable, [20, 21, 30, 33]);
    assert!(
        ours(&report)
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .all(|f| f.applicability == sigscope::diagnostics::Applicability::Unsafe)
    );
}

#[test]
fn double_quoted_escapes_are_fixed_in_single_quotes() {
    use sigscope::diagnostics::Applicability::{Safe, Unsafe};
    let report = run("SC425_double_quoted_escape.yml");
    let fix = |line: usize, col: usize| {
        let d = ours(&report)
            .into_iter()
            .find(|d| at(&report, d.span.start) == (line, col))
            .expect("a finding");
        (
            d.fix
                .as_ref()
                .map(|f| (f.applicability, f.edits[0].content.as_str())),
            help(d),
        )
    };
    // A backslash and a word, as in a path: the single-quoted text is plainly what was meant.
    assert_eq!(
        fix(18, 16),
        (
            Some((Safe, r"'\PsExec.exe'")),
            r"write it in single quotes, which keep backslashes as they are: `'\PsExec.exe'`"
        )
    );
    assert_eq!(fix(21, 41).0, Some((Safe, r"'C:\temp\'")));
    // Every finding of a value carries the same fix, applied once.
    assert_eq!(fix(22, 26).0, Some((Safe, r"'\bin\nc.exe'")));
    assert_eq!(fix(22, 30).0, Some((Safe, r"'\bin\nc.exe'")));
    assert_eq!(fix(23, 54).0, Some((Safe, r"'\AppData\Local\Temp\_MEI'")));
    // `\r\n` and a final `\0` may be meant: unsafe, and the help says when to apply it.
    assert_eq!(
        fix(25, 46),
        (
            Some((Unsafe, r"'GET / HTTP/1.1\r\nHost'")),
            r"if `\r` is meant as a backslash and `r`, write the value in single quotes: `'GET / HTTP/1.1\r\nHost'`"
        )
    );
    assert_eq!(fix(28, 33).0, Some((Unsafe, r"'\\.\pipe\PSEXESVC\0'")));
    // `\u202E` cannot be written in single quotes without guessing what was meant.
    assert_eq!(
        fix(26, 41),
        (
            None,
            r"use single quotes, which keep backslashes as they are, or write `\\` in double quotes"
        )
    );
}

#[test]
fn booleans_refused_by_a_modifier_name_it_and_are_quoted() {
    let report = run("SC426_boolean_under_modifier.yml");
    let d = only(&report, "SC426", 21);
    assert_eq!(text(&report, &d.span), "off");
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(text(&report, &d.secondary[0].span), "contains");
    assert_eq!(d.secondary[0].message, "`contains` takes a string");
    assert_eq!(help(d), "quote it: `'off'`");
    let fix = d.fix.as_ref().expect("a fix");
    assert_eq!(
        fix.applicability,
        sigscope::diagnostics::Applicability::Safe
    );
    assert_eq!(fix.edits[0].content, "'off'");
    // `windash` comes first in the chain: it is the one that refuses the boolean.
    let d = only(&report, "SC426", 27);
    assert_eq!(text(&report, &d.secondary[0].span), "windash");
    // Quoting does not give `hour` the number it needs: no fix.
    let d = only(&report, "SC426", 32);
    assert_eq!(d.secondary[0].message, "`hour` takes a number");
    assert_eq!(
        help(d),
        "`hour` takes a number: write the number meant instead of `on`"
    );
    assert!(d.fix.is_none());
    // With the error turned off, the warning of `yaml11-ambiguous-scalar` comes back.
    let settings = Settings {
        selection: sigscope::settings::Selection {
            ignore: vec!["SC426".to_owned()],
            ..sigscope::settings::Selection::default()
        },
        ..Settings::default()
    };
    let report = check_input(
        &Input::File(fixtures_dir().join("SC426_boolean_under_modifier.yml")),
        &settings,
    );
    let got: Vec<(&str, usize)> = ours(&report)
        .iter()
        .map(|d| (d.code(), at(&report, d.span.start).0))
        .collect();
    assert_eq!(
        got,
        [
            ("SC423", 21),
            ("SC423", 25),
            ("SC423", 27),
            ("SC423", 30),
            ("SC423", 32)
        ]
    );
}

#[test]
fn control_character_reports_the_escapes_when_double_quoted_escape_is_off() {
    let settings = Settings {
        selection: sigscope::settings::Selection {
            ignore: vec!["SC425".to_owned()],
            ..sigscope::settings::Selection::default()
        },
        ..Settings::default()
    };
    let report = check_input(
        &Input::File(fixtures_dir().join("SC419_tab_in_double_quotes.yml")),
        &settings,
    );
    let got: Vec<(&str, usize, usize, &str)> = ours(&report)
        .iter()
        .map(|d| {
            let (line, col) = at(&report, d.span.start);
            (d.code(), line, col, text(&report, &d.span))
        })
        .collect();
    assert_eq!(
        got,
        [
            ("SC419", 17, 30, r"\t"),
            ("SC419", 18, 32, r"\x1b"),
            ("SC419", 19, 32, r"\t"),
            ("SC419", 19, 39, r"\x07"),
            ("SC419", 20, 36, "\t"),
            ("SC419", 21, 27, "\"cmd\t\\x00.exe\""),
            ("SC419", 21, 32, r"\x00"),
        ]
    );
}

/// The help of a single value shows it as the fix writes it: quoting kept, `''` included, a
/// plain value quoted when what is left would not read back as text.
#[test]
fn wildcard_instead_of_modifier_help_keeps_the_quoting() {
    let report = run("SC431_wildcards_for_modifiers.yml");
    let cases = [
        (17, r"write `Image|endswith: '\rundll32.exe'`"),
        (
            19,
            "write `CommandLine|contains` and drop the `*` from each value",
        ),
        (
            24,
            r"write `ParentImage|startswith: C:\Users\Public\Downloads`",
        ),
        (25, "write `ParentCommandLine|contains: 'it''s'`"),
    ];
    for (line, want) in cases {
        let d = only(&report, "SC431", line);
        assert_eq!(help(d), want, "line {line}");
        assert_eq!(
            text(&report, &d.span),
            d.message.split('`').nth(3).unwrap_or_default()
        );
    }
}

#[test]
fn match_all_values_are_left_to_placeholder_logic() {
    // SC301's seed fixture: `EventID: '*'` is the whole detection. SC301 reports it as an
    // error; `wildcard-as-exists` stays silent on the same value.
    let report = run("SC301_seed_eventid_star.yml");
    assert!(report.diagnostics.iter().any(|d| d.code() == "SC301"));
    assert!(
        !report.diagnostics.iter().any(|d| d.code() == "SC416"),
        "{}",
        dump(&report)
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------------

fn check_text(text: &str) -> Vec<Diagnostic> {
    check_source(&SourceFile::new("inline.yml", text), &Settings::default())
}

#[test]
fn hostile_values_do_not_panic_or_take_long() {
    // 100,000 values in one list, half of them duplicates, with modifiers that make every
    // value lint run.
    let mut text = String::from(
        "title: Big\nlogsource:\n    product: windows\ndetection:\n    selection:\n        Image|contains:\n",
    );
    for i in 0..100_000 {
        text.push_str(&format!("            - 'v{}\\*x**'\n", i % 50_000));
    }
    text.push_str("    condition: selection\n");
    let start = std::time::Instant::now();
    let diags = check_text(&text);
    // A guard against runaway (quadratic) work, not a speed test: a second or two in a debug
    // build, so a busy machine stays far below it.
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    assert_eq!(diags.iter().filter(|d| d.code() == "SC421").count(), 50_000);

    // Odd shapes and characters: multi-byte text around every construct the lints parse.
    for value in [
        "'é\\'",
        "'\\é*'",
        "'%é%'",
        "'%ü_x%'",
        "\"\\t\\u00e9\"",
        "'(é'",
        "'[é-a]'",
        "'é{'",
        "'\\'",
        "''",
        "'*'",
        "'|'",
    ] {
        for key in [
            "F|re",
            "F|contains",
            "F|expand",
            "F|cidr",
            "F|base64offset|contains",
            "F|hour",
            "F||",
            "|all",
            "F|all",
            "F|fieldref",
        ] {
            let text = format!(
                "title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        '{key}': {value}\n    condition: sel\n"
            );
            for d in check_text(&text) {
                assert!(text.get(d.span.clone()).is_some(), "{key}: {value}: {d:?}");
            }
        }
    }
}
