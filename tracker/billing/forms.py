"""Membership forms (Flask-WTF: CSRF on every one)."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

PLANS = [SelectChoice("monthly", "Monthly: $9 a month"), SelectChoice("yearly", "Yearly: $90 a year (two months free)")]


class JoinForm(FlaskForm):
    plan = RadioField("Choose your plan", choices=PLANS, default="monthly",
                      validators=[DataRequired(message="Choose monthly or yearly.")])
    submit = SubmitField("Continue to checkout")


class ReactivateForm(FlaskForm):
    plan = RadioField("Plan", choices=PLANS, default="monthly",
                      validators=[DataRequired(message="Choose monthly or yearly.")])
    submit = SubmitField("Re-activate")


class PortalForm(FlaskForm):
    submit = SubmitField("Manage membership")
