"""The bootstrap installs requirements.lock, nothing resolved, while it pins environment.yml's every package."""

from reportbuild.tools import bootstrap


def test_the_lock_pins_every_package_environment_yml_asks_for_at_its_version():
    requirements = bootstrap.pip_requirements(bootstrap.ENVIRONMENT)
    assert bootstrap.not_locked(requirements, bootstrap.locked(bootstrap.LOCK)) == []


def test_an_edit_to_environment_yml_not_yet_locked_is_named(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# header\nPyYAML==6.0.4\npandas==3.1.1\n", encoding="utf-8")
    wanted = ["pandas==3.2.0", "pyyaml[extra]==6.0.4", "cn2an==0.5.24", "-e ."]
    assert bootstrap.not_locked(wanted, bootstrap.locked(lock)) == ["pandas==3.2.0", "cn2an==0.5.24"]
    assert bootstrap.locked(tmp_path / "absent.lock") == []
