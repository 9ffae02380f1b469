"""nbgrader configuration: solutions/ is the source, exercises/ the release, instructor/ the rest.

Run nbgrader from this folder: ``nbgrader generate_assignment esther``, ``nbgrader autograde
esther``, ``nbgrader generate_feedback esther``, or the formgrader of a Jupyter server started here.
Submissions, autograded copies, feedback and the gradebook live under the git-ignored
``instructor/`` folder. The course root is this file's folder, so a copy of this file in another
folder (a test's temporary course) makes that folder the course.
"""

import os

c = get_config()  # noqa: F821 (nbgrader's config loader provides it)

root = os.path.dirname(os.path.abspath(__file__))
instructor = os.path.join(root, "instructor")
os.makedirs(instructor, exist_ok=True)  # SQLite does not create the gradebook's folder

c.CourseDirectory.root = root
c.CourseDirectory.course_id = "canvaskit"
# {root}/{step}/{student}/{assignment}: the source step has no student, so solutions/<case>/.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = os.path.join("instructor", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("instructor", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("instructor", "feedback")
c.CourseDirectory.solution_directory = os.path.join("instructor", "solution")
c.CourseDirectory.source_with_tests_directory = os.path.join("instructor", "source_with_tests")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(instructor, "gradebook.db")
# Each source folder also holds the instructor's teaching note (solutions/<case>/teaching_note.*):
# nbgrader's default ignore list, plus those notes, so no release ever copies them to students.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "teaching_note*",
]

# What students see where an answer goes.
c.ClearSolutions.code_stub = {
    "python": "# Write your answer here, in place of this line and the next.\n"
    'raise NotImplementedError("answer not written yet")'
}
c.ClearSolutions.text_stub = "_Write your answer here, in place of this line._"

# Every solution notebook runs in under 15 s; a cell that takes 60 s is stuck, not slow.
c.Execute.timeout = 60

# Feedback never shows hidden tests, mark schemes or the test lines in a traceback, nor
# anything from the submission that could run script in the page.
c.GenerateFeedback.preprocessors = [
    "canvaskit_widgets.grading.feedback.Sanitize",
    "nbgrader.preprocessors.GetGrades",
    "canvaskit_widgets.grading.feedback.ResultsTable",  # each test's points and message on top
    "canvaskit_widgets.feedback.HideTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
