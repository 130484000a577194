"""Helpers the tests of every layer share: plain functions and classes, no fixtures (those live
in the conftest of the layer that uses them)."""
