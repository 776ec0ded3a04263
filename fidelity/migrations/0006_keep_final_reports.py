"""Keep a report record for each review finalized before final reviews kept one.

The rules and wording of the day the review was final are gone, so its record is made
with today's, the best there is. Nothing a review already stores is changed: only the
new, empty record is filled in.
"""

from django.db import migrations


def keep_final_reports(apps, schema_editor):
    # The code that makes the record at finalizing, so both make the same shape.
    from fidelity import report

    Review = apps.get_model("fidelity", "Review")
    Rating = apps.get_model("fidelity", "Rating")
    finals = Review.objects.filter(status="final").order_by("program_id", "period_end", "pk")
    agreed = {}
    for rating in Rating.objects.filter(review__in=finals, rater__isnull=True):
        agreed.setdefault(rating.review_id, {})[rating.item] = rating
    so_far = {}
    for review in finals:
        so_far.setdefault(review.program_id, []).append(review)
    for review in finals:
        if review.report_snapshot:
            continue
        reviews = [r for r in so_far[review.program_id] if r.period_end <= review.period_end]
        record = report.record(agreed.get(review.pk, {}), reviews)
        # Only the new record is written; the review's own fields stay as they were.
        Review.objects.filter(pk=review.pk).update(report_snapshot=record)


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0005_report_snapshot")]

    operations = [migrations.RunPython(keep_final_reports, migrations.RunPython.noop)]
