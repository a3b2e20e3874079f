pytest_plugins = ["carecoord_local.testing"]
