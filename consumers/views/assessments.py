from django.shortcuts import render
from django.utils.translation import gettext as _

from consumers import access, imr_scale, inventory
from consumers.chart import back_to_chart, open_consumer
from consumers.forms import ImrScaleForm, InventoryMetaForm, TopicProgressForm, clinicians_in
from consumers.models import ImrScaleAdministration, KnowledgeSkillsInventory, TopicProgress
from curriculum.topics import TOPIC_NUMBERS
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def inventory_create(request, pk):
    consumer = open_consumer(request, pk)
    record = KnowledgeSkillsInventory(consumer=consumer, recorded_by=request.user)
    previous = consumer.inventories.first()
    meta = InventoryMetaForm(form_data(request), instance=record, prefix="meta")
    answers = inventory.InventoryAnswersForm(
        form_data(request), initial=previous.answers if previous else None
    )
    if request.method == "POST" and meta.is_valid() and answers.is_valid():
        record = meta.save(commit=False)
        record.answers = answers.answers()
        with audit.change(
            request.user,
            audit.Action.CREATE,
            consumer=consumer,
            target=record,
            fields=meta.changed_data + sorted(record.answers),
            request=request,
        ):
            record.save()
        return back_to_chart(
            request,
            consumer,
            _("The Knowledge and Skills Inventory was saved."),
            section="inventory",
        )
    return render(
        request,
        "consumers/inventory_form.html",
        {"consumer": consumer, "meta": meta, "answers": answers, "previous": previous},
    )


@access.needs(access.VIEW_RECORDS)
def inventory_detail(request, pk, inventory_pk):
    consumer = access.consumer_for(request, pk)
    record = access.part_for(
        request,
        KnowledgeSkillsInventory.objects.filter(consumer=consumer).select_related("recorded_by"),
        inventory_pk,
    )
    audit.record(request.user, audit.Action.VIEW, consumer=consumer, target=record, request=request)
    return render(
        request,
        "consumers/inventory_detail.html",
        {
            "consumer": consumer,
            "record": record,
            "sections": inventory.answered_sections(record.answers),
        },
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def progress_edit(request, pk):
    consumer = open_consumer(request, pk)
    rows = {p.topic: p for p in consumer.topic_progress.all()}
    forms = [
        TopicProgressForm(
            form_data(request),
            instance=rows.get(n) or TopicProgress(consumer=consumer, topic=n),
            topic=n,
            prefix=f"topic{n}",
        )
        for n in TOPIC_NUMBERS
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        changed = [f for f in forms if f.has_changed()]
        with audit.change(
            request.user,
            audit.Action.CHANGE,
            consumer=consumer,
            fields=[f"topic {f.topic}" for f in changed],
            request=request,
        ):
            for form in changed:
                row = form.save(commit=False)
                row.updated_by = request.user
                row.save()
        return back_to_chart(
            request, consumer, _("Curriculum progress was saved."), section="curriculum"
        )
    return render(request, "consumers/progress_form.html", {"consumer": consumer, "forms": forms})


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def scale_edit(request, pk, scale_pk=None):
    consumer = open_consumer(request, pk)
    record = (
        access.part_for(
            request,
            ImrScaleAdministration.objects.filter(consumer=consumer),
            scale_pk,
        )
        if scale_pk
        else ImrScaleAdministration(consumer=consumer, recorded_by=request.user)
    )
    initial = {}
    if not scale_pk:
        wanted = request.GET.get("version"), request.GET.get("timepoint")
        if wanted[0] in ImrScaleAdministration.Version.values:
            initial["version"] = wanted[0]
        if wanted[1] in ImrScaleAdministration.Timepoint.values:
            initial["timepoint"] = wanted[1]
        initial["rated_by"] = request.user
    form = ImrScaleForm(
        form_data(request),
        instance=record,
        initial=initial,
        raters=clinicians_in([consumer.program]),
    )
    if request.method == "POST" and form.is_valid():
        adding = record.pk is None
        with audit.change(
            request.user,
            audit.Action.CREATE if adding else audit.Action.CHANGE,
            consumer=consumer,
            target=record,
            fields=form.changed_data,
            request=request,
        ):
            form.save()
        return back_to_chart(
            request,
            consumer,
            _("The IMR Scale (%(version)s) was saved.")
            % {"version": record.get_version_display().lower()},
            section="scales",
        )
    return render(
        request,
        "consumers/scale_form.html",
        {"consumer": consumer, "form": form, "record": record},
    )


@access.needs(access.VIEW_RECORDS)
def scale_detail(request, pk, scale_pk):
    consumer = access.consumer_for(request, pk)
    record = access.part_for(
        request,
        ImrScaleAdministration.objects.filter(consumer=consumer).select_related(
            "rated_by", "recorded_by"
        ),
        scale_pk,
    )
    audit.record(request.user, audit.Action.VIEW, consumer=consumer, target=record, request=request)
    answers = record.answers()
    return render(
        request,
        "consumers/scale_detail.html",
        {
            "consumer": consumer,
            "record": record,
            "score": record.scored(),
            "rows": [
                (item, answers[item.number], item.anchor(answers[item.number]))
                for item in imr_scale.ITEMS
            ],
            "can_edit": access.can_in(request.user, access.EDIT_RECORDS, consumer.program),
        },
    )
