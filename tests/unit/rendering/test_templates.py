from notify_api.rendering import EmailTemplate, LetterTemplate, SmsTemplate, missing_personalisation_message


def test_sms_template() -> None:
    template = SmsTemplate(content="Hi ((name)), your code is ((code)) \u2013 thanks")
    assert template.placeholders == ["name", "code"]
    assert template.missing({"Name": "Jo"}) == ["code"]
    values = {"name": "Zoë", "code": 123}
    assert template.render_body(values) == "Hi Zoë, your code is 123 - thanks"
    assert template.render_body(values, prefix="Service") == "Service: Hi Zoë, your code is 123 - thanks"
    assert template.render_subject(values) is None
    assert template.content_count(values) == len("Hi Zoë, your code is 123 \u2013 thanks")
    assert template.fragment_count(values) == 1
    assert not template.is_empty(values)
    assert SmsTemplate(content="((x))").is_empty({"x": ""})


def test_email_template_missing_personalisation_lists_subject_first() -> None:
    template = EmailTemplate(content="Dear ((name)), ((body))", subject="About ((topic)) for ((name))")
    assert template.placeholders == ["topic", "name", "body"]
    missing = template.missing({"body": "x"})
    assert missing_personalisation_message(missing) == "Missing personalisation: topic, name"


def test_email_template_renders_body_subject_and_html() -> None:
    template = EmailTemplate(content="# Hi ((name))", subject="Hello ((name))")
    values = {"name": "<Jo>"}
    assert template.render_body(values) == "# Hi <Jo>"
    assert template.render_subject(values) == "Hello <Jo>"
    assert template.render_html(values).startswith("<h2 ")
    assert "Hi &lt;Jo&gt;</h2>" in template.render_html(values)
    assert template.is_empty({"name": ""}) is False
    assert EmailTemplate(content="((all))", subject="s").is_empty({"all": ""})


def test_letter_template_missing_personalisation_order() -> None:
    template = LetterTemplate(
        content="Body ((c)) ((a))", subject="Subject ((b))", contact_block="((a))\n((z))", postage="second"
    )
    assert template.placeholders == ["a", "z", "b", "c"]
    assert template.missing({"z": 1}) == ["a", "b", "c"]


def test_letter_template_renders_escaped_subject() -> None:
    template = LetterTemplate(content="Hello ((name))", subject="About <((name))>")
    assert template.render_subject({"name": "A & B"}) == "About &lt;A &amp; B&gt;"
    assert template.render_body({"name": "A & B"}) == "Hello A & B"
