//! What `select`, `extend-select` and `ignore` turn off is not reported.

use sigscope::check::{Settings, check_source};
use sigscope::config::Selection;
use sigscope::source::SourceFile;

#[test]
fn an_empty_file_is_not_reported_when_sc007_is_off() {
    let source = SourceFile::new("empty.yml", "# nothing here\n");
    let codes = |settings: &Settings| -> Vec<String> {
        check_source(&source, settings)
            .iter()
            .map(|d| d.code().to_owned())
            .collect()
    };
    assert_eq!(codes(&Settings::default()), ["SC007"]);
    for selection in [
        Selection {
            ignore: vec!["SC007".to_owned()],
            ..Selection::default()
        },
        Selection {
            select: Some(vec!["SC001".to_owned()]),
            ..Selection::default()
        },
    ] {
        let settings = Settings {
            selection: selection.clone(),
            ..Settings::default()
        };
        assert!(codes(&settings).is_empty(), "{selection:?}");
    }
}
