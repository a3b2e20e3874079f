from carecoord.migrations import run_env

run_env()
