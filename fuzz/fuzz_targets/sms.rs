//! The text-message counter and its lint.
#![no_main]

use careguide::check::locate::TextLocator;
use careguide::check::sms::{Message, analyse, lint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, u8)| {
    let (text, max) = input;
    let stats = analyse(text);
    assert_eq!(stats.characters, text.chars().count());
    assert_eq!(stats.segments, careguide::check::sms::segments(stats.encoding, stats.units));
    // Every segment but the last is full: no message takes a segment too many.
    if stats.segments > 1 {
        assert!(stats.units > (stats.segments - 1) * stats.encoding.part_limit());
    }
    let file_text = format!("messages:\n  - text: |\n    {}\n", text.replace('\n', "\n    "));
    let locator = TextLocator::yaml_scalar(&file_text, text, 3, 5);
    let message = Message {
        id: "m",
        text,
        max_segments: (max > 0).then_some(max as usize),
    };
    for d in lint("data/sms.yaml", &file_text, &message, |i| locator.locate(i)) {
        let _ = d.render(false);
    }
});
