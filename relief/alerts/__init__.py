"""Ombudsman alerts: rules over coverage and deliveries, case follow-up, notifications."""
