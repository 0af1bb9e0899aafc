"""Account forms (Flask-WTF: CSRF on every one)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from tracker.accounts.service import MIN_PASSWORD

NEW_PASSWORD = [DataRequired(), Length(min=MIN_PASSWORD, max=1024, message=f"Use at least {MIN_PASSWORD} characters.")]


class SignupForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=NEW_PASSWORD,
                             description=f"At least {MIN_PASSWORD} characters. A short sentence works well.")
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Remember me on this device")
    submit = SubmitField("Log in")


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    submit = SubmitField("Send reset link")


class ResetForm(FlaskForm):
    password = PasswordField("New password", validators=NEW_PASSWORD)
    confirm = PasswordField("Repeat new password",
                            validators=[DataRequired(), EqualTo("password", message="The passwords don't match.")])
    submit = SubmitField("Set new password")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField("New password", validators=NEW_PASSWORD)
    confirm = PasswordField("Repeat new password",
                            validators=[DataRequired(), EqualTo("password", message="The passwords don't match.")])
    submit = SubmitField("Change password")


class ChangeEmailForm(FlaskForm):
    email = EmailField("New email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired()])
    submit = SubmitField("Change email")


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[Length(max=100)], description="e.g. 'home script'")
    submit = SubmitField("Create token")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Password", validators=[DataRequired()])
    confirm = StringField("Type DELETE to confirm", validators=[DataRequired()])
    submit = SubmitField("Delete my account and all its data")

    def validate_confirm(self, field):
        from wtforms.validators import ValidationError

        if field.data.strip() != "DELETE":
            raise ValidationError("Type DELETE in capitals to confirm.")


class EmptyForm(FlaskForm):
    """Buttons that only need CSRF (log out, revoke, end sessions)."""

    submit = SubmitField("Submit")
