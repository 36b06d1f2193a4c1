"""What a scenario's steps raise, in a module of its own: the runner and the step modules
(scenarios.py, datasync_steps.py) all raise and catch them, and none of them imports the runner."""


class ScenarioFailed(Exception):
    """The daemons did something a scenario's check does not allow: the scenario fails with this."""


class PreconditionFailed(Exception):
    """The pair was not back to one MAIN and one SPARE before a scenario: that run fails (a liveness
    failure of the run before) and both SCs are power-cycled for the next."""
