import json

from generator.provenance import verify_jsonl

SOURCE = "Harwick flooded on Tuesday. About 340 homes were evacuated, the council said."


def _run(lines):
    return [json.loads(out) for out in verify_jsonl(lines)]


def test_good_line_reports_each_sentence():
    line = json.dumps({"id": "a", "source": SOURCE,
                       "summary": "About 340 homes were evacuated. Mayor Jo Bell resigned."})
    [result] = _run([line])
    assert result["id"] == "a"
    first, second = result["sentences"]
    assert first["supported"] is True and first["missing"] == []
    assert SOURCE[first["evidence"][0]["start"]:first["evidence"][0]["end"]].startswith("About 340")
    assert second["supported"] is False and "Jo Bell" in second["missing"]
    assert 0 <= second["score"] < first["score"] <= 1


BAD = [
    ("[" * 100_000, None, "nested too deeply"),  # a RecursionError ended the stream
    ('{"id": ' + "9" * 5000 + ', "source": "a", "summary": "b"}', None, "a number too long to read"),
    ("{not json", None, "invalid JSON"),
    (json.dumps([1, 2]), None, "expected a JSON object"),
    (json.dumps({"source": "x", "summary": "y"}), None, 'missing field "id"'),
    (json.dumps({"id": "b", "summary": "y"}), "b", 'missing field "source"'),
    (json.dumps({"id": 7, "source": "x", "summary": 3}), 7, 'field "summary" must be a string'),
    (json.dumps({"id": None, "source": "x", "summary": "y"}), None, 'field "id" must be'),
    ('{"id": "x", "source": "a", "summary": "b \\ud800."}', "x", 'field "summary" holds a lone surrogate'),
    ('{"id": "\\udfff", "source": "a", "summary": "b"}', None, 'field "id" holds a lone surrogate'),
]


def test_bad_lines_get_errors_and_the_rest_go_on():
    good = json.dumps({"id": "ok", "source": SOURCE, "summary": "Harwick flooded."})
    lines = [line for line, _, _ in BAD] + ["", "   ", good]
    results = _run(lines)
    assert len(results) == len(BAD) + 1
    for number, ((_, expected_id, message), result) in enumerate(zip(BAD, results), start=1):
        assert result["line"] == number
        assert message in result["error"]
        assert result.get("id") == expected_id
    assert results[-1]["id"] == "ok" and results[-1]["sentences"][0]["supported"] is True


def test_the_command_writes_every_line_even_after_one_that_cannot_be_written(tmp_path):
    """A lone surrogate cannot be encoded as UTF-8: it is an error line, and the lines after it still come out."""
    import subprocess
    import sys
    good = json.dumps({"id": "ok", "source": SOURCE, "summary": "Harwick flooded."})
    stdin = '{"id": "x", "source": "a", "summary": "b \\ud800."}\n' + good + "\n"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "verify", "--jsonl"], input=stdin,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["line"] == 1 and "lone surrogate" in first["error"] and second["id"] == "ok"


def test_a_first_line_that_reads_as_a_headline_is_checked_as_one():
    """The seed's format: the summary's first line is its headline, not the start of its first sentence."""
    faithful = json.dumps({"id": "h", "source": SOURCE,
                           "summary": "Harwick Floods Force 340 Homes Out\nAbout 340 homes were evacuated."})
    wrong = json.dumps({"id": "w", "source": SOURCE,
                        "summary": "Floods force 3,400 out of Harwick and Eden\nAbout 340 homes were evacuated."})
    plain = json.dumps({"id": "p", "source": SOURCE, "summary": "About 340 homes were evacuated.\nHarwick flooded."})
    good, bad, none = _run([faithful, wrong, plain])
    assert good["headline"] == {"text": "Harwick Floods Force 340 Homes Out", "supported": True, "missing": []}
    assert [s["text"] for s in good["sentences"]] == ["About 340 homes were evacuated."]
    assert bad["headline"]["supported"] is False and bad["headline"]["missing"] == ["3,400", "Eden"]
    assert "headline" not in none and len(none["sentences"]) == 2


def test_a_hard_wrapped_first_line_is_no_headline():
    line = json.dumps({"id": "w", "source": SOURCE, "summary": "Harwick flooded on Tuesday and about 340 homes were\n"
                                                               "evacuated, the council said."})
    [result] = _run([line])
    assert "headline" not in result and len(result["sentences"]) == 1
