from crosswalk.cli import main


def test_validate_builtin_library_is_clean(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out
