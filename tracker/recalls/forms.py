"""Admin form for entering a recall by hand (e.g. from a manufacturer's notice CPSC hasn't published yet)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from tracker.models.base import utcnow

_LINES = "One per line."


class RecallForm(FlaskForm):
    recall_number = StringField("Recall number", validators=[DataRequired(), Regexp(
        r"^\s*[A-Za-z0-9-]{3,16}\s*$", message="Letters, digits and hyphens, like 25-056.")],
        description="CPSC's number if known; otherwise the manufacturer's reference.")
    recall_date = DateField("Recall date", validators=[DataRequired(message="Enter the date of the notice.")])
    title = StringField("Headline", validators=[DataRequired(), Length(max=500)])
    description = TextAreaField("Description", validators=[Length(max=10000)],
                                description="Products, model numbers, serial ranges, date codes, exclusions.")
    products = TextAreaField("Products", validators=[Length(max=5000)],
                             description="One per line: product name | number of units.")
    hazard = TextAreaField("Hazard", validators=[DataRequired(), Length(max=5000)])
    injuries = TextAreaField("Incidents and injuries", validators=[Length(max=5000)])
    remedy = TextAreaField("Remedy (what to do)", validators=[DataRequired(), Length(max=5000)])
    remedy_option = StringField("Remedy type", validators=[Length(max=100)], description="Refund, Replace, Repair...")
    sold_at = TextAreaField("Sold at", validators=[Length(max=2000)])
    manufacturer = StringField("Manufacturer or importer", validators=[Length(max=300)])
    contact = TextAreaField("How to contact the manufacturer", validators=[Length(max=3000)])
    url = StringField("Link to the manufacturer's notice", validators=[Optional(), URL(), Length(max=1000)])

    def to_record(self) -> dict:
        """The form as a record in the CPSC API format, so it is parsed like any other."""
        d = self.data
        products = []
        for line in (d["products"] or "").splitlines():
            name, _, units = line.partition("|")
            if name.strip():
                products.append({"Name": name.strip(), "NumberOfUnits": units.strip()})
        item = lambda v, key="Name": [{key: v.strip()}] if v and v.strip() else []  # noqa: E731
        return {
            "RecallNumber": d["recall_number"].strip(), "RecallDate": d["recall_date"].isoformat() + "T00:00:00",
            "LastPublishDate": utcnow().replace(microsecond=0, tzinfo=None).isoformat(),
            "Title": d["title"].strip(), "Description": (d["description"] or "").strip(), "URL": d["url"] or "",
            "ConsumerContact": (d["contact"] or "").strip(), "Products": products,
            "Hazards": item(d["hazard"]), "Injuries": item(d["injuries"]), "Remedies": item(d["remedy"]),
            "RemedyOptions": item(d["remedy_option"], "Option"), "Retailers": item(d["sold_at"]),
            "Manufacturers": item(d["manufacturer"]), "Images": [], "SoldAtLabel": "Sold At",
        }

    def fill_from(self, raw: dict) -> None:
        """Prefill from a stored record."""
        first = lambda key, sub="Name": ((raw.get(key) or [{}])[0] or {}).get(sub, "")  # noqa: E731
        self.recall_number.data = raw.get("RecallNumber", "")
        self.title.data, self.description.data = raw.get("Title", ""), raw.get("Description", "")
        self.products.data = "\n".join(f"{p.get('Name', '')} | {p.get('NumberOfUnits', '')}".rstrip(" |")
                                       for p in raw.get("Products") or [])
        self.hazard.data, self.injuries.data, self.remedy.data = first("Hazards"), first("Injuries"), first("Remedies")
        self.remedy_option.data, self.sold_at.data = first("RemedyOptions", "Option"), first("Retailers")
        self.manufacturer.data = first("Manufacturers") or first("Importers")
        self.contact.data, self.url.data = raw.get("ConsumerContact", ""), raw.get("URL", "")
